#include "storage/reasons.hpp"

#include "storage/schema.hpp"

namespace ngn::storage {

void write_reasons(const std::string& path,
                   const std::vector<std::pair<std::uint32_t, std::string_view>>& reasons) {
  db conn = open_database(path);
  transaction t(conn);
  statement st(conn, "INSERT OR REPLACE INTO reasons (code, text) VALUES (?1, ?2)");
  for (const auto& [code, text] : reasons) {
    st.bind(1, static_cast<std::int64_t>(code));
    st.bind_text_ref(2, text);
    st.step();
    st.reset();
  }
  t.commit();
}

} // namespace ngn::storage
