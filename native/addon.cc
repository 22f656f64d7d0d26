// Node-API surface of the kernel:
//   codePaths(): string[]                       compiled paths, best (default) first
//   topk(items, n, d, queries, q, k, bias, threads, path): Promise<Int32Array>
// The TypeScript side validates arguments; the checks here only guarantee that no
// call can read or write out of bounds. The search runs on a libuv worker thread and
// holds references to the caller's typed arrays instead of copying them.
#include <napi.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <thread>

#include "search.h"
#include "average.h"

namespace avgcon {
void register_exact(Napi::Env env, Napi::Object exports);  // exact_addon.cc
}

namespace {

constexpr int64_t kMaxThreads = 1024;

using avgcon::KernelPath;
using avgcon::SearchRequest;

const KernelPath* find_path(const std::string& name) {
  for (int i = 0; i < avgcon::compiled_path_count(); ++i)
    if (name.empty() || name == avgcon::compiled_path(i).name) return &avgcon::compiled_path(i);
  return nullptr;
}

class TopKWorker : public Napi::AsyncWorker {
 public:
  TopKWorker(Napi::Env env, const SearchRequest& req, const KernelPath& path, Napi::Int32Array out,
             const Napi::CallbackInfo& info)
      : Napi::AsyncWorker(env, "avgcon_topk"), req_(req), path_(path), deferred_(Napi::Promise::Deferred::New(env)) {
    // Keep the inputs and the output alive while the worker reads and writes them.
    items_ = Napi::Persistent(info[0].As<Napi::Object>());
    queries_ = Napi::Persistent(info[3].As<Napi::Object>());
    if (req.bias) bias_ = Napi::Persistent(info[6].As<Napi::Object>());
    out_ = Napi::Persistent(out.As<Napi::Object>());
  }

  Napi::Promise promise() { return deferred_.Promise(); }

  void Execute() override {
    try {
      avgcon::search_topk(req_, path_);
    } catch (const std::exception& e) {
      SetError(std::string("search: native kernel failed: ") + e.what());
    }
  }

  void OnOK() override { deferred_.Resolve(out_.Value()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  SearchRequest req_;
  const KernelPath& path_;
  Napi::Promise::Deferred deferred_;
  Napi::ObjectReference items_, queries_, bias_, out_;
};

Napi::Float32Array float32_arg(const Napi::CallbackInfo& info, size_t i, const char* name) {
  if (!info[i].IsTypedArray() || info[i].As<Napi::TypedArray>().TypedArrayType() != napi_float32_array)
    throw Napi::TypeError::New(info.Env(), std::string("search: ") + name + " must be a Float32Array");
  return info[i].As<Napi::Float32Array>();
}

int64_t int_arg(const Napi::CallbackInfo& info, size_t i, const char* name, int64_t lo, int64_t hi) {
  const double v = info[i].IsNumber() ? info[i].As<Napi::Number>().DoubleValue() : -1.0;
  if (!(v >= double(lo) && v <= double(hi)) || v != double(int64_t(v)))
    throw Napi::RangeError::New(info.Env(), std::string("search: ") + name + " out of range");
  return int64_t(v);
}

Napi::Value TopK(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 9) throw Napi::TypeError::New(env, "search: topk expects 9 arguments");
  Napi::Float32Array items = float32_arg(info, 0, "items");
  Napi::Float32Array queries = float32_arg(info, 3, "queries");
  SearchRequest req{};
  req.n = int_arg(info, 1, "n", 1, INT32_MAX);
  req.d = int(int_arg(info, 2, "d", 1, INT32_MAX));
  req.q = int_arg(info, 4, "q", 0, INT32_MAX);
  req.k = int(int_arg(info, 5, "k", 1, req.n));
  // Results do not depend on the thread count, so an absurd request is just capped.
  req.threads = int(std::min<int64_t>(int_arg(info, 7, "threads", 1, INT32_MAX), kMaxThreads));
  if (int64_t(items.ElementLength()) != req.n * req.d || int64_t(queries.ElementLength()) != req.q * req.d)
    throw Napi::RangeError::New(env, "search: matrix lengths do not match n*d and q*d");
  req.items = items.Data();
  req.queries = queries.Data();
  if (!info[6].IsNull() && !info[6].IsUndefined()) {
    Napi::Float32Array bias = float32_arg(info, 6, "bias");
    if (int64_t(bias.ElementLength()) != req.n) throw Napi::RangeError::New(env, "search: bias length must be n");
    req.bias = bias.Data();
  }
  const KernelPath* path = find_path(info[8].IsString() ? info[8].As<Napi::String>().Utf8Value() : "");
  if (!path) throw Napi::RangeError::New(env, "search: code path not compiled into this binary");
  Napi::Int32Array out = Napi::Int32Array::New(env, size_t(req.q * req.k));
  req.out = out.Data();
  auto* worker = new TopKWorker(env, req, *path, out, info);
  Napi::Promise promise = worker->promise();
  worker->Queue();
  return promise;
}

Napi::Value CodePaths(const Napi::CallbackInfo& info) {
  Napi::Array names = Napi::Array::New(info.Env(), avgcon::compiled_path_count());
  for (int i = 0; i < avgcon::compiled_path_count(); ++i)
    names.Set(uint32_t(i), Napi::String::New(info.Env(), avgcon::compiled_path(i).name));
  return names;
}

Napi::Value HardwareThreads(const Napi::CallbackInfo& info) {
  return Napi::Number::New(info.Env(), std::max(1u, std::thread::hardware_concurrency()));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("topk", Napi::Function::New(env, TopK, "topk"));
  exports.Set("codePaths", Napi::Function::New(env, CodePaths, "codePaths"));
  exports.Set("hardwareThreads", Napi::Function::New(env, HardwareThreads, "hardwareThreads"));
  exports.Set("averageRows", Napi::Function::New(env, avgcon::AverageRows, "averageRows"));
  avgcon::register_exact(env, exports);
  return exports;
}

}  // namespace

NODE_API_MODULE(avgcon_topk, Init)
