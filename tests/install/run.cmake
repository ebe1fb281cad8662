# Installs the build and builds a small outside C program against the installed tree, once through
# find_package(loyalty) and once through pkg-config, then runs both.
#   cmake -DSOURCE_DIR=<source> -DBUILD_DIR=<build> -DWORK_DIR=<scratch dir, wiped> -P run.cmake
cmake_minimum_required(VERSION 3.25)

foreach(var SOURCE_DIR BUILD_DIR WORK_DIR)
  if(NOT ${var} OR NOT IS_ABSOLUTE "${${var}}")
    message(FATAL_ERROR "install test: pass -D${var}=<absolute path>")
  endif()
endforeach()
# WORK_DIR is deleted below; refuse anything that would take the tree with it.
foreach(precious "${SOURCE_DIR}" "${BUILD_DIR}")
  file(RELATIVE_PATH rel "${WORK_DIR}" "${precious}")
  if(NOT rel MATCHES "^\\.\\.")
    message(FATAL_ERROR "install test: WORK_DIR ${WORK_DIR} contains ${precious}; refusing to delete it")
  endif()
endforeach()

# Build the consumers the way the library was built, and find installed files where this build
# put them (GNUInstallDirs picks lib, lib64 or lib/<multiarch> depending on platform and prefix).
load_cache("${BUILD_DIR}" READ_WITH_PREFIX build_
  CMAKE_GENERATOR CMAKE_MAKE_PROGRAM CMAKE_C_COMPILER CMAKE_INSTALL_LIBDIR CMAKE_INSTALL_INCLUDEDIR)
foreach(dir build_CMAKE_INSTALL_LIBDIR build_CMAKE_INSTALL_INCLUDEDIR)
  if(IS_ABSOLUTE "${${dir}}")
    message(FATAL_ERROR "install test: ${dir} is absolute (${${dir}}), so the install cannot be redirected to a test prefix")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")

# Installed somewhere else first and then moved: the package files claim to be relocatable, and a
# path baked in at install time would still resolve if the tree stayed where it was installed.
set(staging "${WORK_DIR}/staging")
set(prefix "${WORK_DIR}/prefix")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${staging}" COMMAND_ERROR_IS_FATAL ANY)
file(RENAME "${staging}" "${prefix}")

set(libdir "${prefix}/${build_CMAKE_INSTALL_LIBDIR}")
set(includedir "${prefix}/${build_CMAKE_INSTALL_INCLUDEDIR}")
set(expected_files
  "${includedir}/loyalty/loyalty.h"
  "${libdir}/libloyalty.so"
  "${libdir}/libloyalty.so.0"
  "${libdir}/cmake/loyalty/loyaltyConfig.cmake"
  "${libdir}/cmake/loyalty/loyaltyConfigVersion.cmake"
  "${libdir}/cmake/loyalty/loyaltyTargets.cmake"
  "${libdir}/pkgconfig/loyalty.pc")
foreach(f IN LISTS expected_files)
  if(NOT EXISTS "${f}")
    message(FATAL_ERROR "install test: the install did not produce ${f}")
  endif()
endforeach()

file(GLOB_RECURSE package_files "${libdir}/cmake/loyalty/*.cmake" "${libdir}/pkgconfig/*.pc")
foreach(f IN LISTS package_files)
  file(READ "${f}" text)
  foreach(leak "${SOURCE_DIR}" "${BUILD_DIR}" "${staging}")
    string(FIND "${text}" "${leak}" at)
    if(NOT at EQUAL -1)
      message(FATAL_ERROR "install test: ${f} refers to ${leak}, which consumers of an installed package do not have")
    endif()
  endforeach()
endforeach()

find_program(PKG_CONFIG_EXECUTABLE NAMES pkgconf pkg-config)
if(NOT PKG_CONFIG_EXECUTABLE)
  message(FATAL_ERROR "install test: pkg-config is needed to test loyalty.pc")
endif()

set(consumer_source "${CMAKE_CURRENT_LIST_DIR}/consumer")
set(generator_args -G "${build_CMAKE_GENERATOR}")
if(build_CMAKE_MAKE_PROGRAM)
  list(APPEND generator_args "-DCMAKE_MAKE_PROGRAM=${build_CMAKE_MAKE_PROGRAM}")
endif()
if(build_CMAKE_C_COMPILER)
  list(APPEND generator_args "-DCMAKE_C_COMPILER=${build_CMAKE_C_COMPILER}")
endif()

# Only the installed tree is offered: no package registry, and pkg-config looks in the prefix first.
set(find_package_build "${WORK_DIR}/find_package")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${consumer_source}" -B "${find_package_build}" ${generator_args}
          "-DCMAKE_PREFIX_PATH=${prefix}" -DCMAKE_FIND_USE_PACKAGE_REGISTRY=OFF -DUSE_PKG_CONFIG=OFF
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${find_package_build}" COMMAND_ERROR_IS_FATAL ANY)

set(pkg_config_build "${WORK_DIR}/pkg_config")
set(ENV{PKG_CONFIG_PATH} "${libdir}/pkgconfig")
execute_process(
  COMMAND "${CMAKE_COMMAND}" -S "${consumer_source}" -B "${pkg_config_build}" ${generator_args}
          "-DPKG_CONFIG_EXECUTABLE=${PKG_CONFIG_EXECUTABLE}" -DUSE_PKG_CONFIG=ON
  COMMAND_ERROR_IS_FATAL ANY)
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${pkg_config_build}" COMMAND_ERROR_IS_FATAL ANY)

# A loyalty installed elsewhere on the machine would also satisfy both builds; make sure they used ours.
file(REAL_PATH "${prefix}" real_prefix)
load_cache("${find_package_build}" READ_WITH_PREFIX fp_ loyalty_DIR)
load_cache("${pkg_config_build}" READ_WITH_PREFIX pc_ LOYALTY_LIBDIR LOYALTY_INCLUDEDIR)
foreach(found "${fp_loyalty_DIR}" "${pc_LOYALTY_LIBDIR}" "${pc_LOYALTY_INCLUDEDIR}")
  if(found STREQUAL "")
    message(FATAL_ERROR "install test: a consumer build did not record where it found loyalty")
  endif()
  file(REAL_PATH "${found}" real_found)
  file(RELATIVE_PATH rel "${real_prefix}" "${real_found}")
  if(rel MATCHES "^\\.\\.")
    message(FATAL_ERROR "install test: a consumer found loyalty at ${found}, outside the test prefix ${prefix}")
  endif()
endforeach()

# The build RPATH would find the library too; the explicit path also makes a stale or system copy
# impossible to load instead.
if("$ENV{LD_LIBRARY_PATH}" STREQUAL "")
  set(ENV{LD_LIBRARY_PATH} "${libdir}")
else()
  set(ENV{LD_LIBRARY_PATH} "${libdir}:$ENV{LD_LIBRARY_PATH}")
endif()
foreach(mode find_package pkg_config)
  if(mode STREQUAL "pkg_config")
    set(label "pkg-config")
  else()
    set(label "find_package")
  endif()
  execute_process(
    COMMAND "${WORK_DIR}/${mode}/consumer"
    OUTPUT_VARIABLE out
    ECHO_OUTPUT_VARIABLE
    COMMAND_ERROR_IS_FATAL ANY)
  if(NOT out MATCHES "^loyalty [0-9]+\\.[0-9]+\\.[0-9]+ \\(${label}\\): available 113, pending 0\n$")
    message(FATAL_ERROR "install test: the ${label} consumer printed unexpected output: '${out}'")
  endif()
endforeach()

message(STATUS "install test: find_package and pkg-config consumers built and ran against ${prefix}")
