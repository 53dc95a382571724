// Test-only: a subscriber store in a fresh directory, and provisioning of default subscribers.
#pragma once

#include "storage/provisioning.hpp"
#include "storage/subscriber_store.hpp"
#include "tests/storage/temp_dir.hpp"

#include <cstddef>
#include <string>

namespace ngn::storage::test {

/// Boost.Test fixture: the store "ngn.db" in a fresh directory.
struct store_fixture {
  temp_dir dir;
  subscriber_store store{dir.file("ngn.db")};
};

/// Provisions `count` subscribers with the default options into the database at `path`.
inline void provision(const std::string& path, std::size_t count) {
  subscriber_store store(path);
  provision_options o;
  o.count = count;
  store.provision(o);
}

} // namespace ngn::storage::test
