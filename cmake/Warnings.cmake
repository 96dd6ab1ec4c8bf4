# retort_warnings: an INTERFACE target carrying the project's warning flags.
# RETORT_WERROR turns warnings into errors (CI sets it).
add_library(retort_warnings INTERFACE)
target_compile_options(retort_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wcast-align -Wunused
  -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough)
if(RETORT_WERROR)
  target_compile_options(retort_warnings INTERFACE -Werror)
endif()
