#pragma once
// The rules a shop's program must meet to be stored, whoever builds it: the document reader for
// the C ABI and the server, or a C++ caller of Engine::put_shop. They run on every write and never
// on a read, so a check added in a later release refuses new writes but never stops an old
// database from opening (documents/stored_shop.hpp keeps the stored form readable).
#include "domain/program.hpp"

namespace loyalty::core {

// Throws invalid_argument naming the field, in the shop document's spelling ("shop.connections[0]").
void check_shop(const ShopProgram& p);
// The part a reader needs before anything else: dates in the program are read in the shop's zone.
void require_zone(const ShopProgram& p);

}  // namespace loyalty::core
