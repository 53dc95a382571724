// The one translation unit per test executable that defines the Boost.Test module (dynamic
// Boost.Test: BOOST_TEST_DYN_LINK comes from the imported CMake target).
#define BOOST_TEST_MODULE ngnemu
#include <boost/test/unit_test.hpp>
