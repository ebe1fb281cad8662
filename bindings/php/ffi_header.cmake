# Writes the C ABI as PHP's FFI wants it: declarations only, no preprocessor directives or macros.
#   cmake -DINPUT=include/loyalty/loyalty.h -DOUTPUT=loyalty_ffi.h -P ffi_header.cmake
# With -DSCOPE=LOYALTY -DLIB=libloyalty.so.0 it writes the header for FFI::load instead (opcache.preload):
# the two #defines FFI::load reads, which it only sees as the file's first lines, then the same declarations.
file(READ "${INPUT}" text)
# C++-only blocks (extern "C" and its closing brace) go whole; then comments, directives and the export macro.
string(REGEX REPLACE "#ifdef __cplusplus[^#]*#endif" "" text "${text}")
string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" "" text "${text}")
string(REGEX REPLACE "#[^\n]*(\\\\\n[^\n]*)*" "" text "${text}")
string(REGEX REPLACE "LOYALTY_API[ \t]+" "" text "${text}")
string(REGEX REPLACE "\n[ \t]*\n([ \t]*\n)+" "\n\n" text "${text}")
if(DEFINED SCOPE)
  file(WRITE "${OUTPUT}" "#define FFI_SCOPE \"${SCOPE}\"\n#define FFI_LIB \"${LIB}\"\n"
                         "/* Generated from include/loyalty/loyalty.h for PHP's FFI::load; do not edit. */\n${text}")
else()
  file(WRITE "${OUTPUT}" "/* Generated from include/loyalty/loyalty.h for PHP's FFI::cdef; do not edit. */\n${text}")
endif()
