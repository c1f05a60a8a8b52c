# Project-wide compile options for our own targets (never applied to third-party code such as the
# SQLCipher amalgamation, whose warnings are not ours to fix).
add_library(passerelle_options INTERFACE)
target_compile_options(passerelle_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
  -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough)
if(PASSERELLE_WERROR)
  target_compile_options(passerelle_options INTERFACE -Werror)
endif()
if(PASSERELLE_SANITIZE)
  target_compile_options(passerelle_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(passerelle_options INTERFACE -fsanitize=address,undefined)
endif()
if(PASSERELLE_FUZZ)
  target_compile_options(passerelle_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
