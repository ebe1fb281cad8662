'use strict';

// The numbers are the C ABI's `enum loyalty_status`; test/status.test.js checks them against the header,
// so a renumbering there cannot go unnoticed here.
const Status = Object.freeze({
  OK: 0,
  INVALID_ARGUMENT: 1,
  NOT_FOUND: 2,
  CONFLICT: 3,
  INSUFFICIENT_POINTS: 4,
  UNAUTHENTICATED: 5,
  STORAGE: 6,
  INTERNAL: 7,
});

// Same spelling as loyalty_status_name(), which the HTTP API and the CLI use as error codes; kept here too
// so that an error can be built without another call into the library (that would clobber last_error).
const STATUS_CODES = Object.freeze(['ok', 'invalid_argument', 'not_found', 'conflict', 'insufficient_points',
  'unauthenticated', 'storage', 'internal']);

// The facts loyalty_last_error_json() reports as data, under the binding's spelling. The message may be
// reworded between releases; these fields may not.
const DETAIL_FIELDS = Object.freeze({ quarantine_id: 'quarantineId', available: 'available', requested: 'requested' });

class LoyaltyError extends Error {
  constructor(message, status, options) {
    super(message, options);
    this.name = new.target.name;
    this.status = status;
    this.code = STATUS_CODES[status] ?? 'unknown';
    const details = options?.details;
    this.details = details && typeof details === 'object' ? details : {};
    for (const [field, property] of Object.entries(DETAIL_FIELDS)) {
      if (Number.isSafeInteger(this.details[field])) this[property] = this.details[field];
    }
  }
}

class InvalidArgument extends LoyaltyError {
  constructor(message, options) { super(message, Status.INVALID_ARGUMENT, options); }
}
class NotFound extends LoyaltyError {
  constructor(message, options) { super(message, Status.NOT_FOUND, options); }
}
class Conflict extends LoyaltyError {
  constructor(message, options) { super(message, Status.CONFLICT, options); }
}
class InsufficientPoints extends LoyaltyError {
  constructor(message, options) { super(message, Status.INSUFFICIENT_POINTS, options); }
}
class Unauthenticated extends LoyaltyError {
  constructor(message, options) { super(message, Status.UNAUTHENTICATED, options); }
}
class StorageError extends LoyaltyError {
  constructor(message, options) { super(message, Status.STORAGE, options); }
}
class InternalError extends LoyaltyError {
  constructor(message, options) { super(message, Status.INTERNAL, options); }
}

// Not library statuses: they happen before any engine exists, so `status` is undefined and `code` names them.
class LibraryNotFound extends LoyaltyError {
  constructor(message, options) {
    super(message, undefined, options);
    this.code = 'library_not_found';
  }
}
class LibraryVersionMismatch extends LoyaltyError {
  constructor(message, { symbol, libraryVersion, libraryPath } = {}, options) {
    super(message, undefined, options);
    this.code = 'library_version_mismatch';
    this.symbol = symbol;
    this.libraryVersion = libraryVersion;
    this.libraryPath = libraryPath;
  }
}

const BY_STATUS = new Map([
  [Status.INVALID_ARGUMENT, InvalidArgument],
  [Status.NOT_FOUND, NotFound],
  [Status.CONFLICT, Conflict],
  [Status.INSUFFICIENT_POINTS, InsufficientPoints],
  [Status.UNAUTHENTICATED, Unauthenticated],
  [Status.STORAGE, StorageError],
  [Status.INTERNAL, InternalError],
]);

// `document` is loyalty_last_error_json(); one that does not parse leaves the detail fields unset rather
// than hiding the failure being reported.
function errorFor(status, message, document) {
  const text = message || `loyalty call failed with status ${STATUS_CODES[status] ?? status}`;
  let details;
  try { details = document ? JSON.parse(document) : undefined; } catch { details = undefined; }
  const Class = BY_STATUS.get(status);
  // A status newer than this binding still surfaces, as the base class, rather than being lost.
  return Class ? new Class(text, { details }) : new LoyaltyError(text, status, { details });
}

module.exports = {
  Status,
  STATUS_CODES,
  LoyaltyError,
  InvalidArgument,
  NotFound,
  Conflict,
  InsufficientPoints,
  Unauthenticated,
  StorageError,
  InternalError,
  LibraryNotFound,
  LibraryVersionMismatch,
  errorFor,
};
