// libcurl, loaded on first use instead of linked. Linked, libcurl and the
// eleven libraries it pulls in would load with every retort command (about
// 1.4 ms of each start-up), while only `retort lambda` speaks HTTP.
#pragma once

#include <curl/curl.h>

namespace retort::http {

struct CurlLibrary {
  CURLcode (*global_init)(long flags);
  CURL* (*easy_init)();
  void (*easy_cleanup)(CURL* handle);
  CURLcode (*easy_setopt)(CURL* handle, CURLoption option, ...);
  CURLcode (*easy_perform)(CURL* handle);
  CURLcode (*easy_getinfo)(CURL* handle, CURLINFO info, ...);
  const char* (*easy_strerror)(CURLcode code);
  curl_slist* (*slist_append)(curl_slist* list, const char* text);
  void (*slist_free_all)(curl_slist* list);
};

// The loaded and initialised library (libcurl.so.4). Throws HttpFailure
// naming the package to install when it cannot be loaded.
const CurlLibrary& curl_library();

}  // namespace retort::http
