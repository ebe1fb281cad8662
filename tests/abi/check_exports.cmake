# Checks the shared library's outside surface: cmake -DLIBRARY=/path/to/libloyalty.so -P check_exports.cmake
# Anything exported becomes something a consumer can bind to, so the exports are the C ABI and
# nothing else: no C++ runtime, Boost or SQLite symbols that could clash with the consumer's own copies.
cmake_minimum_required(VERSION 3.25)

if(NOT LIBRARY)
  message(FATAL_ERROR "check_exports: pass -DLIBRARY=<path to libloyalty.so>")
endif()
if(NOT EXISTS "${LIBRARY}")
  message(FATAL_ERROR "check_exports: ${LIBRARY} does not exist")
endif()

# Pass -DNM=... or -DREADELF=... to use a cross toolchain's binutils.
find_program(NM NAMES nm)
find_program(READELF NAMES readelf)
if(NOT NM OR NOT READELF)
  message(FATAL_ERROR "check_exports: need nm and readelf (binutils); found nm='${NM}', readelf='${READELF}'")
endif()

set(required
  loyalty_version loyalty_last_error loyalty_last_error_json loyalty_free
  loyalty_open loyalty_close
  loyalty_put_shop loyalty_record_order loyalty_upsert_customer
  loyalty_get_member loyalty_get_balance loyalty_list_transactions
  loyalty_adjust_points loyalty_redeem_points loyalty_run_maintenance
  loyalty_set_group loyalty_claim_reward loyalty_list_grants loyalty_use_grant loyalty_void_grant
  loyalty_pay_with_points loyalty_settle_period loyalty_leaderboard loyalty_report)

# POSIX format puts the name first ("name type value size"). Versions are shown by default only
# since binutils 2.35; the option asks for them on older ones too.
execute_process(
  COMMAND "${NM}" -D --defined-only --with-symbol-versions -P "${LIBRARY}"
  OUTPUT_VARIABLE nm_out
  ERROR_VARIABLE nm_err
  RESULT_VARIABLE nm_rc)
if(NOT nm_rc EQUAL 0)
  message(FATAL_ERROR "check_exports: ${NM} failed (${nm_rc}): ${nm_err}")
endif()

string(REPLACE "\n" ";" lines "${nm_out}")
set(symbols "")
set(version_nodes "")
set(absolute "")
set(unversioned "")
foreach(line IN LISTS lines)
  if(line STREQUAL "")
    continue()
  endif()
  if(NOT line MATCHES "^([^ ]+) ([A-Za-z]) ")
    message(FATAL_ERROR "check_exports: cannot parse nm output line: '${line}'")
  endif()
  set(name "${CMAKE_MATCH_1}")
  set(type "${CMAKE_MATCH_2}")
  # A version script's node shows up as an absolute symbol; remember it and decide once all
  # versioned names are known. Other types are all checked: W, V, u and i are exactly how inline
  # functions, vtables, typeinfo and template statics leak out of a C++ library.
  if(type STREQUAL "A")
    list(APPEND absolute "${name}")
    continue()
  endif()
  if(name MATCHES "^([^@]+)@@?(.+)$")
    set(name "${CMAKE_MATCH_1}")
    list(APPEND version_nodes "${CMAKE_MATCH_2}")
  else()
    list(APPEND unversioned "${name}")
  endif()
  list(APPEND symbols "${name}")
endforeach()
list(REMOVE_DUPLICATES version_nodes)

set(problems "")
foreach(name IN LISTS absolute)
  if(NOT name IN_LIST version_nodes)
    list(APPEND symbols "${name}")
  endif()
endforeach()

foreach(name IN LISTS symbols)
  if(NOT name MATCHES "^loyalty_")
    string(APPEND problems "\n  exported symbol outside the loyalty_ namespace: ${name}")
  endif()
endforeach()
foreach(name IN LISTS required)
  if(NOT name IN_LIST symbols)
    string(APPEND problems "\n  required function not exported: ${name}")
  endif()
endforeach()
# Without a version the symbols did not come through cmake/loyalty.map, so the hiding above
# happened by luck rather than by the version script.
foreach(name IN LISTS unversioned)
  string(APPEND problems "\n  exported symbol without a version node (version script not applied?): ${name}")
endforeach()

execute_process(
  COMMAND "${READELF}" -d "${LIBRARY}"
  OUTPUT_VARIABLE dyn_out
  ERROR_VARIABLE dyn_err
  RESULT_VARIABLE dyn_rc)
if(NOT dyn_rc EQUAL 0)
  message(FATAL_ERROR "check_exports: ${READELF} -d failed (${dyn_rc}): ${dyn_err}")
endif()
if(dyn_out MATCHES "Library soname: \\[([^]]*)\\]")
  set(soname "${CMAKE_MATCH_1}")
  if(NOT soname STREQUAL "libloyalty.so.0")
    string(APPEND problems "\n  SONAME is '${soname}', expected 'libloyalty.so.0'")
  endif()
else()
  set(soname "(none)")
  string(APPEND problems "\n  no SONAME in the dynamic section, expected 'libloyalty.so.0'")
endif()

if(problems)
  message(FATAL_ERROR "check_exports: ${LIBRARY} has an unexpected ABI surface:${problems}")
endif()

list(LENGTH symbols count)
list(JOIN version_nodes ", " nodes)
message(STATUS "check_exports: ${count} symbols, all loyalty_*, version node(s) ${nodes}, SONAME ${soname}")
