# retort_sanitizers: an INTERFACE target that enables AddressSanitizer and
# UndefinedBehaviorSanitizer when RETORT_SANITIZE is ON.
add_library(retort_sanitizers INTERFACE)
if(RETORT_SANITIZE)
  set(_flags -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all)
  target_compile_options(retort_sanitizers INTERFACE ${_flags})
  target_link_options(retort_sanitizers INTERFACE ${_flags})
endif()
