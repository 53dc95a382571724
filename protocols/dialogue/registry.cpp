#include "protocols/dialogue/registry.hpp"

#include "protocols/dialogue/h248_binding.hpp"
#include "protocols/dialogue/mgcp_binding.hpp"
#include "protocols/dialogue/ras_binding.hpp"
#include "protocols/dialogue/sip_binding.hpp"

namespace ngn::dialogue {

registry::registry(binding_deps deps) {
  bindings_[static_cast<std::size_t>(protocol::sip)] = std::make_unique<sip_binding>(deps.md5);
  bindings_[static_cast<std::size_t>(protocol::mgcp)] = std::make_unique<mgcp_binding>();
  bindings_[static_cast<std::size_t>(protocol::h248)] = std::make_unique<h248_binding>();
  bindings_[static_cast<std::size_t>(protocol::h323)] = std::make_unique<ras_binding>();
}

registry::~registry() = default;

const binding& registry::operator[](protocol p) const noexcept {
  return *bindings_[static_cast<std::size_t>(p) % protocol_count];
}

} // namespace ngn::dialogue
