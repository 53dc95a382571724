// Plots as inline SVG text for the HTML run report (report_html.hpp): line plots over time, grouped
// bars, a histogram over a logarithmic axis. Each plot is one <svg class="plot" data-plot=ID> with
// a title, labelled axes with units and a legend; no script, no external reference.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ngn::nodes::svg {

/// `s` with the characters HTML/XML gives a meaning (&, <, >, ", ') escaped.
std::string escape(std::string_view s);

struct line {
  std::string label;
  std::string color;                              ///< CSS colour
  std::vector<std::pair<double, double>> points;  ///< (x, y), x ascending
  bool dashed = false;  ///< drawn dashed (a line another one may cover)
};

/// Lines over a linear x axis (`x_label`, `y_label` include the units).
std::string line_plot(std::string_view id, std::string_view title, std::string_view x_label,
                      std::string_view y_label, const std::vector<line>& lines);

struct bar_series {
  std::string label;
  std::string color;
  std::vector<double> values;  ///< one per category
};

/// Grouped bars: one group per category, one bar per series.
std::string bar_plot(std::string_view id, std::string_view title, std::string_view y_label,
                     const std::vector<std::string>& categories,
                     const std::vector<bar_series>& series);

struct bucket {
  double low, high;  ///< [low, high) in the x unit, low > 0
  double count;
};

/// A histogram over a logarithmic x axis (decades).
std::string histogram_plot(std::string_view id, std::string_view title, std::string_view x_label,
                           std::string_view y_label, const std::vector<bucket>& buckets);

} // namespace ngn::nodes::svg
