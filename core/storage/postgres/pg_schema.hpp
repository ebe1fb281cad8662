#pragma once
#include "storage/postgres/pg_connection.hpp"

namespace loyalty::core::postgres {

// Brings the schema (the first schema on the connection's search_path) to the newest version, one
// numbered migration at a time, recorded in schema_migrations. Instances starting together take a
// transaction-scoped advisory lock first, so each migration is applied once. A schema newer than
// this library is refused, not touched.
void migrate(Connection& db);

int schema_version();

}  // namespace loyalty::core::postgres
