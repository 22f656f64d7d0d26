// Node-API surface of the exact engine (exact_search.h):
//   exactPrepare(items, n, d, metric 0|1|2, bias Float64Array|null,
//                screen bool|"int8"|"int16"|"none") -> External   (true: "int16")
//   exactTopk(prepared, items, queries, q, k, threads, screen "int8"|"int16"|"none",
//             out Int32Array, kth Float64Array|null, tiedInside Int32Array|null,
//             tiedOutside Int32Array|null, survivors Float64Array|null[, screenPath string])
//             -> Promise<void>   (screenPath: one of exactScreenPaths(screen); "" or absent: the best)
//   exactScreens() -> string[]   screens this build has, default first
//   exactScreenPaths([screen]) -> string[]   the int16 (or int8) screen's kernels, best first
//   exactRelease(prepared) -> undefined   frees the prepared copy now (not at garbage collection);
//             a released copy cannot be searched; throws while a search on it is running
//   exactPreparedBytes(prepared) -> number   bytes its arrays hold (0 once released)
#include <napi.h>

#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "exact_search.h"

namespace {

using avgcon::ExactPrepared;

struct Holder {
  ExactPrepared prep;
  int64_t bytes = 0;  // reported to V8 as external memory, so it collects dropped matrices in time
  int busy = 0;       // searches in flight (exactRelease refuses while > 0)
  bool released = false;
};

template <typename T>
int64_t bytes_of(const std::vector<T>& v) {
  return int64_t(v.capacity() * sizeof(T));
}

int64_t prepared_bytes(const ExactPrepared& P) {
  return bytes_of(P.centre) + bytes_of(P.bias) + bytes_of(P.norm) + bytes_of(P.codes) + bytes_of(P.codes8) + bytes_of(P.scale) +
         bytes_of(P.resid) + bytes_of(P.qnorm) + bytes_of(P.ynorm) + bytes_of(P.tile_max) +
         bytes_of(P.lane32) + bytes_of(P.lane32_ok);
}

void check(bool ok, Napi::Env env, const char* what) {
  if (!ok) throw Napi::RangeError::New(env, std::string("search: ") + what);
}

avgcon::Screen parse_screen(const std::string& name) {
  return name == "int8" ? avgcon::Screen::Int8 : name == "int16" ? avgcon::Screen::Int16 : avgcon::Screen::None;
}

// The default screen: int8 where this build has its vpdpbusd kernel (measured faster on
// W1-like data, BENCHMARKS.md), else int16 (the int8 scalar loop is slower than the
// int16 vector kernels).
bool int8_is_fast() { return std::string(avgcon::exact_screen_paths(avgcon::Screen::Int8)[0]) != "scalar"; }

Napi::Value ExactPrepare(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check(info.Length() >= 6 && info[0].IsTypedArray(), env, "exactPrepare expects 6 arguments");
  auto items = info[0].As<Napi::Float32Array>();
  const int64_t n = info[1].As<Napi::Number>().Int64Value();
  const int d = info[2].As<Napi::Number>().Int32Value();
  const int metric = info[3].As<Napi::Number>().Int32Value();
  check(n >= 1 && d >= 1 && int64_t(items.ElementLength()) == n * d, env, "items length must be n*d");
  check(metric >= 0 && metric <= 2, env, "unknown metric");
  const double* bias = nullptr;
  if (info[4].IsTypedArray()) {
    auto b = info[4].As<Napi::Float64Array>();
    check(int64_t(b.ElementLength()) == n, env, "bias length must be n");
    bias = b.Data();
  }
  avgcon::Screen screen = info[5].ToBoolean() ? avgcon::Screen::Int16 : avgcon::Screen::None;
  if (info[5].IsString()) {
    const std::string name = info[5].As<Napi::String>().Utf8Value();
    check(name == "int8" || name == "int16" || name == "none", env, "unknown screen");
    screen = parse_screen(name);
  }
  // Optional 7th argument (euclidean): the centre to use instead of these rows' column means.
  const float* centre = nullptr;
  if (info.Length() > 6 && info[6].IsTypedArray()) {
    auto c = info[6].As<Napi::Float32Array>();
    check(int64_t(c.ElementLength()) == d, env, "centre length must be d");
    centre = c.Data();
  }
  auto* holder = new Holder();
  try {
    avgcon::prepare_exact(items.Data(), n, d, avgcon::ExactMetric(metric), bias, screen, holder->prep, centre);
  } catch (const std::exception& e) {
    delete holder;
    throw Napi::RangeError::New(env, std::string("search: ") + e.what());
  }
  holder->bytes = prepared_bytes(holder->prep);
  Napi::MemoryManagement::AdjustExternalMemory(env, holder->bytes);
  return Napi::External<Holder>::New(env, holder, [](Napi::Env e, Holder* h) {
    Napi::MemoryManagement::AdjustExternalMemory(e, -h->bytes);
    delete h;
  });
}

class ExactWorker : public Napi::AsyncWorker {
 public:
  ExactWorker(Napi::Env env, const avgcon::ExactRequest& req, const Napi::CallbackInfo& info, std::string path)
      : Napi::AsyncWorker(env, "avgcon_exact"), req_(req), path_(std::move(path)),
        deferred_(Napi::Promise::Deferred::New(env)) {
    req_.screen_path = path_.c_str();
    for (size_t i : {0, 1, 2, 7, 8, 9, 10, 11})
      if (info[i].IsObject()) refs_.push_back(Napi::Persistent(info[i].As<Napi::Object>()));
    // The prepared matrix is an External, which IsObject() does not cover: without this
    // reference the GC could free it while Execute() still reads it (a use-after-free
    // seen as a crashed test worker when the prepared matrix was not cached).
    prepared_ = Napi::Persistent(info[0].As<Napi::External<Holder>>());
    holder_ = info[0].As<Napi::External<Holder>>().Data();
    ++holder_->busy;
  }
  Napi::Promise promise() { return deferred_.Promise(); }
  void Execute() override {
    try {
      avgcon::exact_topk(req_);
    } catch (const std::exception& e) {
      SetError(std::string("search: exact engine failed: ") + e.what());
    }
  }
  // On the main thread, before the caller's continuation can run (exactRelease may follow).
  void OnOK() override {
    --holder_->busy;
    deferred_.Resolve(Env().Undefined());
  }
  void OnError(const Napi::Error& e) override {
    --holder_->busy;
    deferred_.Reject(e.Value());
  }

 private:
  avgcon::ExactRequest req_;
  std::string path_;
  Napi::Promise::Deferred deferred_;
  std::vector<Napi::ObjectReference> refs_;
  Napi::Reference<Napi::External<Holder>> prepared_;
  Holder* holder_ = nullptr;
};

template <class T>
T* optional_array(const Napi::CallbackInfo& info, size_t i, int64_t length) {
  if (!info[i].IsTypedArray()) return nullptr;
  auto a = info[i].As<Napi::TypedArrayOf<T>>();
  check(int64_t(a.ElementLength()) == length, info.Env(), "output array has the wrong length");
  return a.Data();
}

Napi::Value ExactTopk(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check(info.Length() >= 12 && info[0].IsExternal(), env, "exactTopk expects 12 arguments");
  check(!info[0].As<Napi::External<Holder>>().Data()->released, env, "the prepared matrix was released");
  const ExactPrepared& P = info[0].As<Napi::External<Holder>>().Data()->prep;
  auto items = info[1].As<Napi::Float32Array>();
  auto queries = info[2].As<Napi::Float32Array>();
  avgcon::ExactRequest req{};
  req.prep = &P;
  req.items = items.Data();
  req.queries = queries.Data();
  req.q = info[3].As<Napi::Number>().Int64Value();
  req.k = info[4].As<Napi::Number>().Int32Value();
  req.threads = std::max(1, std::min(1024, info[5].As<Napi::Number>().Int32Value()));
  const std::string screen = info[6].As<Napi::String>().Utf8Value();
  check(screen == "int8" || screen == "int16" || screen == "none", env, "unknown screen");
  req.screen = parse_screen(screen);
  check(req.screen == avgcon::Screen::None || req.screen == P.screen, env,
        "the matrix was prepared without this screen");
  check(int64_t(items.ElementLength()) == P.n * P.d, env, "items do not match the prepared matrix");
  check(req.q >= 0 && int64_t(queries.ElementLength()) == req.q * P.d, env, "queries length must be q*d");
  check(req.k >= 1 && req.k <= P.n, env, "k out of range");
  req.out = optional_array<int32_t>(info, 7, req.q * req.k);
  check(req.out != nullptr || req.q == 0, env, "out is required");
  req.kth = optional_array<double>(info, 8, req.q);
  req.tied_inside = optional_array<int32_t>(info, 9, req.q);
  req.tied_outside = optional_array<int32_t>(info, 10, req.q);
  req.survivors = reinterpret_cast<int64_t*>(optional_array<double>(info, 11, req.q));
  std::string path;
  if (info.Length() >= 13 && info[12].IsString()) path = info[12].As<Napi::String>().Utf8Value();
  if (!path.empty()) {
    bool known = false;
    for (const char* name : avgcon::exact_screen_paths(req.screen)) known = known || path == name;
    check(known, env, "unknown screen path");
  }
  auto* worker = new ExactWorker(env, req, info, path);
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

// Frees a prepared copy's arrays at once and tells V8 it is gone (out-of-core blocks are
// ranked once: waiting for the GC to run the finalizer let several blocks' copies pile up).
Napi::Value ExactRelease(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check(info.Length() >= 1 && info[0].IsExternal(), env, "exactRelease expects a prepared matrix");
  Holder* h = info[0].As<Napi::External<Holder>>().Data();
  check(h->busy == 0, env, "exactRelease: a search on this matrix is still running");
  if (h->released) return env.Undefined();
  h->released = true;
  h->prep = ExactPrepared();
  Napi::MemoryManagement::AdjustExternalMemory(env, -h->bytes);
  h->bytes = 0;
  return env.Undefined();
}

Napi::Value ExactPreparedBytes(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  check(info.Length() >= 1 && info[0].IsExternal(), env, "exactPreparedBytes expects a prepared matrix");
  return Napi::Number::New(env, double(info[0].As<Napi::External<Holder>>().Data()->bytes));
}

Napi::Value ExactScreens(const Napi::CallbackInfo& info) {
  Napi::Array names = Napi::Array::New(info.Env(), 3);
  const bool fast8 = int8_is_fast();
  names.Set(0u, Napi::String::New(info.Env(), fast8 ? "int8" : "int16"));
  names.Set(1u, Napi::String::New(info.Env(), fast8 ? "int16" : "int8"));
  names.Set(2u, Napi::String::New(info.Env(), "none"));
  return names;
}

Napi::Value ExactScreenPaths(const Napi::CallbackInfo& info) {
  avgcon::Screen screen = avgcon::Screen::Int16;
  if (info.Length() >= 1 && info[0].IsString() && info[0].As<Napi::String>().Utf8Value() == "int8")
    screen = avgcon::Screen::Int8;
  const auto paths = avgcon::exact_screen_paths(screen);
  Napi::Array names = Napi::Array::New(info.Env(), paths.size());
  for (size_t i = 0; i < paths.size(); ++i) names.Set(uint32_t(i), Napi::String::New(info.Env(), paths[i]));
  return names;
}

}  // namespace

namespace avgcon {
void register_exact(Napi::Env env, Napi::Object exports) {
  exports.Set("exactPrepare", Napi::Function::New(env, ExactPrepare, "exactPrepare"));
  exports.Set("exactTopk", Napi::Function::New(env, ExactTopk, "exactTopk"));
  exports.Set("exactScreens", Napi::Function::New(env, ExactScreens, "exactScreens"));
  exports.Set("exactPreparedBytes", Napi::Function::New(env, ExactPreparedBytes, "exactPreparedBytes"));
  exports.Set("exactRelease", Napi::Function::New(env, ExactRelease, "exactRelease"));
  exports.Set("exactScreenPaths", Napi::Function::New(env, ExactScreenPaths, "exactScreenPaths"));
}
}  // namespace avgcon
