{
  # The native top-k kernel (native/). Built on the user's machine at install time, so
  # it is compiled for the host CPU (-march=native picks the AVX-512 / AVX2 / scalar
  # code paths through the compiler's own macros). No -ffast-math: scores must be the
  # exact float32 FMA chain that every engine computes; -ffp-contract=off stops the
  # compiler from fusing the bias addition or anything else on its own.
  "targets": [
    {
      "target_name": "avgcon_topk",
      "sources": [
        "native/addon.cc",
        "native/average.cc",
        "native/search.cc",
        "native/paths.cc",
        "native/kernel_avx512.cc",
        "native/kernel_avx2.cc",
        "native/kernel_neon.cc",
        "native/kernel_scalar.cc",
        "native/exact_search.cc",
        "native/screen_avx512.cc",
        "native/screen_avx2.cc",
        "native/screen_scalar.cc",
        "native/exact_addon.cc"
      ],
      "dependencies": [
        "<!(node -p \"require('node-addon-api').targets\"):node_addon_api_except"
      ],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_DEPRECATED"],
      "cflags_cc": ["-std=c++17", "-O3", "-fno-math-errno", "-ffp-contract=off", "-Wall", "-Wextra"],
      "conditions": [
        ["target_arch=='x64' or target_arch=='ia32'", {
          "cflags_cc": ["-march=native"]
        }],
        ["target_arch=='arm64'", {
          # The NEON int16 screen (its source is also guarded by __aarch64__).
          "sources": ["native/screen_neon.cc"]
        }],
        ["target_arch=='arm64' and OS!='mac'", {
          "cflags_cc": ["-mcpu=native"]
        }],
        ["OS=='mac'", {
          "xcode_settings": {
            "CLANG_CXX_LANGUAGE_STANDARD": "c++17",
            "OTHER_CPLUSPLUSFLAGS": ["-O3", "-fno-math-errno", "-ffp-contract=off"]
          }
        }],
        ["OS=='win'", {
          "msvs_settings": { "VCCLCompilerTool": { "AdditionalOptions": ["/std:c++17", "/O2", "/fp:precise"] } }
        }]
      ]
    }
  ]
}
