<?php

declare(strict_types=1);

namespace Loyalty;

use FFI;
use FFI\CData;

/**
 * An open loyalty engine: libloyalty's C ABI through PHP's FFI, with arrays (or JSON text) in, arrays out,
 * and a LoyaltyException for every call the library refuses.
 *
 * Under php-fpm or `php -S`, Debian's ffi.enable=preload lets only preloaded code use FFI: the server declares
 * the FFI scope "LOYALTY" at start-up (ffi.preload, or preload.php itself) and preload.php preloads this class,
 * whose methods may then call FFI::scope, FFI::addr and FFI::string from any request. From the CLI (or with
 * ffi.enable=true) an FFI instance may be passed instead.
 */
final class Engine
{
    public const SCOPE = 'LOYALTY';

    private const JSON_OUT = JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES;
    private const JSON_IN = JSON_THROW_ON_ERROR | JSON_BIGINT_AS_STRING;

    private FFI $ffi;
    private ?CData $engine;

    /**
     * @param array<string, mixed>|object|string $config {"storage": "sqlite:/path/loyalty.db" | "sqlite::memory:"
     *        | "postgresql://…", …}, as an array or JSON text
     * @param FFI|null $ffi the library's declarations; by default the scope preload.php loaded
     */
    public function __construct(array|object|string $config, ?FFI $ffi = null)
    {
        $this->ffi = $ffi ?? self::scope();
        $handle = $this->ffi->new('loyalty_engine *');
        $this->check($this->ffi->loyalty_open(self::json($config, 'config'), FFI::addr($handle)));
        $this->engine = $handle;
    }

    public function __destruct()
    {
        $this->close();
    }

    /** Closes the store; safe to call twice. Calls afterwards throw instead of touching freed memory. */
    public function close(): void
    {
        if (isset($this->engine)) {
            $this->ffi->loyalty_close($this->engine);
            $this->engine = null;
        }
    }

    /** @param array<string, mixed>|object|string $shop the shop's program (docs/program.md) */
    public function putShop(array|object|string $shop): void
    {
        $this->check($this->ffi->loyalty_put_shop($this->handle(), self::json($shop, 'shop')));
    }

    /**
     * @param array<string, mixed>|object|string $order {"order_id", "status", "amount", "customer", …}
     * @return array<string, mixed> {"member_id", "applied", "points_delta", "points": {"available", "pending"}}
     */
    public function recordOrder(string $shopId, array|object|string $order): array
    {
        return $this->callForJson('loyalty_record_order', self::text($shopId, 'shop id'), self::json($order, 'order'));
    }

    /**
     * @param array<string, mixed>|object|string $query {"member_id"} or {"phone"} or {"platform", "customer_id"}
     * @return array<string, mixed> the member
     */
    public function getMember(string $shopId, array|object|string $query): array
    {
        return $this->callForJson('loyalty_get_member', self::text($shopId, 'shop id'), self::json($query, 'query'));
    }

    /** @return array{available: int, pending: int} */
    public function getBalance(string $shopId, string $memberId): array
    {
        $available = $this->ffi->new('int64_t');
        $pending = $this->ffi->new('int64_t');
        $this->check($this->ffi->loyalty_get_balance($this->handle(), self::text($shopId, 'shop id'),
            self::text($memberId, 'member id'), FFI::addr($available), FFI::addr($pending)));
        return ['available' => $available->cdata, 'pending' => $pending->cdata];
    }

    /** The library's version, such as "0.1.0". */
    public function version(): string
    {
        return $this->ffi->loyalty_version();
    }

    private static function scope(): FFI
    {
        try {
            return FFI::scope(self::SCOPE);
        } catch (FFI\Exception $e) {
            throw new \LogicException('the FFI scope "' . self::SCOPE . '" is not loaded: set opcache.preload to '
                . "this package's preload.php, or pass an FFI instance to the constructor", 0, $e);
        }
    }

    // The engine, or a LoyaltyException once closed: the C library would be handed freed memory.
    private function handle(): CData
    {
        return $this->engine ?? throw new LoyaltyException('the engine is closed', 1, 'invalid_argument');
    }

    /**
     * Calls a function whose last parameter is a `char **` result, which the library allocates: it is copied
     * into PHP and given back with loyalty_free, also when decoding fails.
     *
     * @return array<string, mixed>
     */
    private function callForJson(string $function, string ...$args): array
    {
        $out = $this->ffi->new('char *');
        $args[] = FFI::addr($out);
        $status = $this->ffi->$function($this->handle(), ...$args);
        try {
            $this->check($status);
            return json_decode(FFI::string($out), true, 512, self::JSON_IN);
        } finally {
            if (!FFI::isNull($out)) {
                $this->ffi->loyalty_free($out);
            }
        }
    }

    // loyalty_last_error() is per thread and overwritten by the next call: it is read here, at once.
    private function check(int $status): void
    {
        if ($status !== 0) {
            // FFI copies a `const char *` result into a PHP string: these are the library's, never freed.
            throw new LoyaltyException($this->ffi->loyalty_last_error(), $status,
                $this->ffi->loyalty_status_name($status));
        }
    }

    /** @param array<string, mixed>|object|string $value */
    private static function json(array|object|string $value, string $what): string
    {
        return self::text(is_string($value) ? $value : json_encode($value, self::JSON_OUT), $what);
    }

    // A NUL would end the C string early, and "shop\0other" would quietly address "shop".
    private static function text(string $value, string $what): string
    {
        if (str_contains($value, "\0")) {
            throw new \ValueError("$what must not contain NUL characters");
        }
        return $value;
    }
}
