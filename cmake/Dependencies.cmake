# Third-party libraries. Everything comes from Debian packages except the SQLCipher amalgamation,
# which `npm ci` places in node_modules/ (pinned by package-lock.json). See docs/dependencies.md.
find_package(PkgConfig REQUIRED)
find_package(OpenSSL REQUIRED)
find_package(Threads REQUIRED)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
find_package(ZLIB REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
# HTTP over TLS for the office hub and its devices: Debian's compiled cpp-httplib, built with
# OpenSSL (its .pc file carries the CPPHTTPLIB_OPENSSL_SUPPORT define the library was built with).
pkg_check_modules(HTTPLIB REQUIRED IMPORTED_TARGET cpp-httplib)
find_path(DOCTEST_INCLUDE_DIR doctest/doctest.h REQUIRED)

set(SQLCIPHER_AMALGAMATION_DIR ${PROJECT_SOURCE_DIR}/node_modules/@commapp/sqlcipher-amalgamation/src)
if(NOT EXISTS ${SQLCIPHER_AMALGAMATION_DIR}/sqlite3.c)
  message(FATAL_ERROR "SQLCipher amalgamation missing: run `npm ci` in ${PROJECT_SOURCE_DIR} (./dev.sh does it).")
endif()

# Shared by the encrypted build and the plain one used as the benchmark baseline, so the only
# difference between the two is the codec.
set(PASSERELLE_SQLITE_DEFINES
  SQLITE_TEMP_STORE=2            # temp tables/indices in memory: nothing decrypted touches the disk
  SQLITE_ENABLE_FTS5
  SQLITE_THREADSAFE=1
  SQLITE_DEFAULT_FOREIGN_KEYS=1
  SQLITE_DQS=0                   # double-quoted strings are identifiers only
  SQLITE_OMIT_LOAD_EXTENSION
  SQLITE_DEFAULT_MEMSTATUS=0
  SQLITE_ENABLE_DBSTAT_VTAB
  # From SQLite's recommended options: features we never use, each a cost on every statement.
  SQLITE_OMIT_SHARED_CACHE
  SQLITE_USE_ALLOCA
  SQLITE_MAX_EXPR_DEPTH=0
  SQLITE_LIKE_DOESNT_MATCH_BLOBS)

# The amalgamation is compiled optimised and without sanitizers even in sanitizer builds: it is
# not our code, and instrumenting 250k lines makes every test several times slower.
function(passerelle_sqlite_library name)
  add_library(${name} STATIC ${SQLCIPHER_AMALGAMATION_DIR}/sqlite3.c)
  target_include_directories(${name} SYSTEM PUBLIC ${SQLCIPHER_AMALGAMATION_DIR})
  target_compile_definitions(${name} PUBLIC ${PASSERELLE_SQLITE_DEFINES} ${ARGN})
  # sqlite3.h declares the snapshot calls unconditionally; only the library needs the option, so
  # adding it recompiles the amalgamation alone. Vault::Check runs integrity_check on a second
  # connection pinned to the main connection's snapshot (core/src/check.cpp).
  target_compile_definitions(${name} PRIVATE SQLITE_ENABLE_SNAPSHOT)
  target_compile_options(${name} PRIVATE -O2 -w)
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  target_link_libraries(${name} PUBLIC Threads::Threads ${CMAKE_DL_LIBS} m)
endfunction()

passerelle_sqlite_library(sqlcipher SQLITE_HAS_CODEC SQLCIPHER_CRYPTO_OPENSSL)
target_link_libraries(sqlcipher PUBLIC OpenSSL::Crypto)
if(PASSERELLE_BENCH)
  passerelle_sqlite_library(sqlite_plain)
endif()

add_library(doctest_main STATIC ${PROJECT_SOURCE_DIR}/tests/doctest_main.cpp)
target_include_directories(doctest_main SYSTEM PUBLIC ${DOCTEST_INCLUDE_DIR})
target_link_libraries(doctest_main PUBLIC passerelle_options)
