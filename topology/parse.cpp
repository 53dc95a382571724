#include "topology/parse.hpp"

#include "topology/detail/checker.hpp"
#include "topology/detail/read.hpp"
#include "topology/detail/table_reader.hpp"
#include "topology/validate.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>

namespace ngn::topology {

namespace {

std::vector<topology_error> one_error(std::string_view file, std::size_t line, std::size_t column,
                                      std::string message) {
  return {topology_error{std::string(file), line, column, {}, std::move(message)}};
}

parse_result parse_document(std::string_view text, std::string_view name,
                            const adjustment& adjust) {
  if (text.size() > max_file_size)
    return one_error(name, 0, 0, "file larger than " + std::to_string(max_file_size) + " bytes");
  toml::table root;
  try {
    root = toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    auto where = detail::position_of(e.source());
    return one_error(name, where.line, where.column,
                     "TOML syntax error: " + std::string(e.description()));
  }
  detail::positions pos;
  detail::error_sink errors{std::string(name)};
  auto t = detail::read_topology(root, pos, errors);
  if (adjust)
    adjust(t);
  detail::validate(t, &pos, errors);
  if (!errors.empty())
    return errors.take();
  resolve(t);
  return t;
}

} // namespace

parse_result parse_string(std::string_view text, std::string_view name,
                          const adjustment& adjust) {
  try {
    return parse_document(text, name, adjust);
  } catch (const std::exception& e) {
    // Only resource exhaustion gets here (std::bad_alloc); the API never throws.
    return one_error(name, 0, 0, std::string("internal error: ") + e.what());
  }
}

parse_result parse_file(const std::string& path, const adjustment& adjust) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!f)
    return one_error(path, 0, 0, std::string("cannot open: ") + std::strerror(errno));
  std::string text;
  char buf[65536];
  std::size_t n = 0;
  while ((n = std::fread(buf, 1, sizeof(buf), f.get())) > 0) {
    if (text.size() + n > max_file_size)
      return one_error(path, 0, 0, "file larger than " + std::to_string(max_file_size) + " bytes");
    text.append(buf, n);
  }
  if (std::ferror(f.get()))
    return one_error(path, 0, 0, std::string("cannot read: ") + std::strerror(errno));
  return parse_string(text, path, adjust);
}

} // namespace ngn::topology
