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
  # Executables are linked without PIE here: UBSan's per-check data (~2.5 million pointers in
  # ~70 MB of .data) would otherwise be relocated, page by page, at every start. That was 0.3 s of
  # each CLI run (0.7 -> 0.4 s), and the tests start the CLI, the app and the hub thousands of times.
  target_link_options(passerelle_options INTERFACE -fsanitize=address,undefined
    $<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:-no-pie>)
endif()
if(PASSERELLE_FUZZ)
  target_compile_options(passerelle_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
