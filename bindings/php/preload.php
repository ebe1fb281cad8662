<?php
// opcache.preload=/path/to/preload.php: preloads Loyalty\Engine and makes sure the FFI scope "LOYALTY" is
// declared when the server starts. Debian's default ffi.enable=preload refuses FFI::cdef and FFI::load in a
// request, and lets only preloaded code call FFI::scope, FFI::addr or FFI::string: a declared scope and a
// preloaded class are what php-fpm and `php -S` requests may use.
//
// The scope comes from loyalty_ffi_preload.h, whose FFI_LIB "libloyalty.so.0" the system loader finds
// (ldconfig, or LD_LIBRARY_PATH in the server's environment). Either ffi.preload names that header, or this
// script loads it: from LOYALTY_FFI_HEADER, else /usr/local/include/loyalty or /usr/include/loyalty. A server
// started as root preloads in a child running as opcache.preload_user, where PHP refuses FFI::load: php-fpm's
// master usually is root, so set ffi.preload there.

declare(strict_types=1);

(static function (): void {
    try {
        FFI::scope('LOYALTY');
        return;   // declared by ffi.preload
    } catch (FFI\Exception) {
    }
    // A header named explicitly is the only one tried, so that a wrong path is not hidden by another copy.
    $explicit = getenv('LOYALTY_FFI_HEADER');
    $candidates = $explicit ? [$explicit] : ['/usr/local/include/loyalty/loyalty_ffi_preload.h',
                                             '/usr/include/loyalty/loyalty_ffi_preload.h'];
    foreach ($candidates as $header) {
        if (!is_file($header)) {
            continue;
        }
        // A missing library or function throws here: the server refuses to start, rather than every
        // request failing later.
        try {
            if (FFI::load($header) !== null) {
                return;
            }
        } catch (FFI\Exception $e) {
            throw new RuntimeException("loyalty: FFI::load($header) failed: {$e->getMessage()} (a server started "
                                       . "as root needs ffi.preload=$header)", 0, $e);
        }
    }
    throw new RuntimeException('loyalty: no loadable loyalty_ffi_preload.h (tried ' . implode(', ', $candidates)
                               . '); set ffi.preload or LOYALTY_FFI_HEADER to its path');
})();

require_once __DIR__ . '/src/LoyaltyException.php';
require_once __DIR__ . '/src/Engine.php';
