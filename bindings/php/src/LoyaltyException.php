<?php

declare(strict_types=1);

namespace Loyalty;

/**
 * A call the library refused. getCode() is the library's status (enum loyalty_status: 1 invalid argument,
 * 2 not found, 3 conflict, 4 insufficient points, 5 unauthenticated, 6 storage, 7 internal) and the
 * message is the library's, read on the thread that made the call, right after it.
 */
final class LoyaltyException extends \RuntimeException
{
    /** @param string $statusName the status's lower-case name, as the HTTP API's error codes spell it */
    public function __construct(string $message, int $status, public readonly string $statusName)
    {
        parent::__construct($message, $status);
    }
}
