#pragma once
// Where the two backends' SQL differs, and how one query text becomes each backend's.
//
// Query texts are written once, in the SQL both accept, with three marks a dialect keeps or turns
// into its own spelling:
//   ?1, ?2, …     parameters by number: SQLite's spelling; PostgreSQL's is $1, $2, …
//   ::type        a cast PostgreSQL needs to know a parameter's type (`?1::text = ''`) or to keep a
//                 sum a bigint (`sum(spend)::bigint`, not numeric). SQLite has no such syntax and
//                 needs none: a value keeps the type it was bound or stored with.
//   COLLATE "C"   text sorted byte by byte. SQLite's default collation already is; PostgreSQL's
//                 follows the database's locale unless told.
// None of the marks may appear inside a string literal of a query: they are replaced blindly.
// What both accept as written: ON CONFLICT … DO NOTHING / DO UPDATE, RETURNING (SQLite 3.35+),
// `ORDER BY a IS NULL`, nullif, coalesce.
#include <string>

namespace loyalty::core::sql {

struct Dialect {
    const char* name;
    char parameter;   // what comes before a parameter's number
    bool casts;       // keeps `::type`
    bool byte_order;  // keeps COLLATE "C"
};

inline constexpr Dialect sqlite_dialect{"sqlite", '?', false, false};
inline constexpr Dialect postgres_dialect{"postgresql", '$', true, true};

// The query text as `dialect` spells it.
std::string render(const char* text, const Dialect& dialect);

}  // namespace loyalty::core::sql
