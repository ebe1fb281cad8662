#pragma once
#include "storage/sqlite/connection.hpp"

namespace loyalty::core::sqlite {

// Brings the database to the newest schema, one numbered migration at a time (PRAGMA user_version),
// each in its own transaction. A database newer than this library is refused, not touched.
void migrate(Connection& db);

int schema_version();

}  // namespace loyalty::core::sqlite
