// The elements' hash tables: Abseil's open-addressing tables (Swiss tables). With a table per
// registration step and 10^5..10^6 entries, every lookup of std::unordered_map is two or three
// dependent cache misses (bucket, the node before, the node) and every insert an allocation;
// a Swiss table finds a key with one probe of its control bytes and one of its slot.
// flat_map: values in the slots (references do not survive an insert); node_map: values on the
// heap (pointers and references to them stay valid until their own erase, as with
// std::unordered_map). Keys hashed with std::hash where the key type brings its own (session ids).
#pragma once

#include <absl/container/flat_hash_map.h>
#include <absl/container/node_hash_map.h>

namespace ngn::elements {

template <class K, class V, class Hash = typename absl::flat_hash_map<K, V>::hasher>
using flat_map = absl::flat_hash_map<K, V, Hash>;

template <class K, class V, class Hash = typename absl::node_hash_map<K, V>::hasher>
using node_map = absl::node_hash_map<K, V, Hash>;

} // namespace ngn::elements
