#include "http/curl_library.hpp"

#include <dlfcn.h>

#include <mutex>
#include <string>

#include "http/http_client.hpp"

namespace retort::http {
namespace {

template <typename Function>
bool load(void* library, const char* name, Function& target) {
  void* symbol = dlsym(library, name);
  target = reinterpret_cast<Function>(symbol);
  return symbol != nullptr;
}

}  // namespace

const CurlLibrary& curl_library() {
  static CurlLibrary api{};
  static std::string failure;
  static std::once_flag once;
  std::call_once(once, [] {
    void* library = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
    if (library == nullptr) {
      failure =
          std::string("cannot load libcurl (") + dlerror() + "); install the libcurl4 package";
      return;
    }
    bool loaded = load(library, "curl_global_init", api.global_init) &&
                  load(library, "curl_easy_init", api.easy_init) &&
                  load(library, "curl_easy_cleanup", api.easy_cleanup) &&
                  load(library, "curl_easy_setopt", api.easy_setopt) &&
                  load(library, "curl_easy_perform", api.easy_perform) &&
                  load(library, "curl_easy_getinfo", api.easy_getinfo) &&
                  load(library, "curl_easy_strerror", api.easy_strerror) &&
                  load(library, "curl_slist_append", api.slist_append) &&
                  load(library, "curl_slist_free_all", api.slist_free_all);
    if (!loaded) {
      failure = "libcurl.so.4 lacks a function retort needs; install a current libcurl4";
      return;
    }
    api.global_init(CURL_GLOBAL_DEFAULT);
  });
  if (!failure.empty()) throw HttpFailure(failure);
  return api;
}

}  // namespace retort::http
