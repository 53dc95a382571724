// The MGCP messages of reference/wire-bindings.md §3.1, byte for byte (every line ends in CRLF,
// no SDP body), with their direction: gateway = terminal 192.0.2.10:2427, call agent = soft
// switch 192.0.2.1:2727.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace ngn::mgcp::golden {

struct vector {
  std::string_view name;
  std::string_view text;
  bool from_gateway;  ///< true: 192.0.2.10:2427 -> 192.0.2.1:2727
  std::size_t size;   ///< as stated in wire-bindings.md §3.1
};

// (1) registration request: RSIP, gateway -> CA, and its response (102 + 13 bytes)
inline constexpr std::string_view rsip =
    "RSIP 1000 aaln/1@term1.ngn.example MGCP 1.0\r\n"
    "RM: restart\r\n"
    "X-SECM: digest;q=0.3,tls;q=0.2,ipsec;q=0.1\r\n";
inline constexpr std::string_view rsip_ok = "200 1000 OK\r\n";

// (2) failure response with the challenge: RQNT, CA -> gateway, and its response (215 + 13)
inline constexpr std::string_view rqnt_challenge =
    "RQNT 2000 aaln/1@term1.ngn.example MGCP 1.0\r\n"
    "N: ss@192.0.2.1:2727\r\n"
    "X: 0A1B2C3D\r\n"
    "R: X-SEC/resp\r\n"
    "S: X-SEC/chal(8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4)\r\n"
    "X-RSLT: 401\r\n"
    "X-CHAL: 8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4\r\n"
    "X-SECM: digest\r\n";
inline constexpr std::string_view rqnt_challenge_ok = "200 2000 OK\r\n";

// (3) registration message with the verification word: NTFY, gateway -> CA (171 + 13)
inline constexpr std::string_view ntfy =
    "NTFY 1001 aaln/1@term1.ngn.example MGCP 1.0\r\n"
    "N: ss@192.0.2.1:2727\r\n"
    "X: 0A1B2C3D\r\n"
    "O: X-SEC/resp(13f913040dca2c9afafa2c7437b68a77)\r\n"
    "X-RESP: 13f913040dca2c9afafa2c7437b68a77\r\n";
inline constexpr std::string_view ntfy_ok = "200 1001 OK\r\n";

// (4) success response with the encrypted key and MAC: RQNT, CA -> gateway (214 + 29)
inline constexpr std::string_view rqnt_success =
    "RQNT 2001 aaln/1@term1.ngn.example MGCP 1.0\r\n"
    "X: 0A1B2C3E\r\n"
    "R: L/hd(N)\r\n"
    "S: X-SEC/key(3a91c2d4e5f60718293a4b5c6d7e8f90)\r\n"
    "X-RSLT: 200\r\n"
    "X-SKEY: 3a91c2d4e5f60718293a4b5c6d7e8f90\r\n"
    "X-MAC: 2b7e151628aed2a6abf7158809cf4f3c\r\n";
inline constexpr std::string_view rqnt_success_ok =
    "200 2001 OK\r\n"
    "X-SECM: digest\r\n";

inline constexpr std::array<vector, 8> all = {{
    {"rsip", rsip, true, 102},
    {"rsip_ok", rsip_ok, false, 13},
    {"rqnt_challenge", rqnt_challenge, false, 215},
    {"rqnt_challenge_ok", rqnt_challenge_ok, true, 13},
    {"ntfy", ntfy, true, 171},
    {"ntfy_ok", ntfy_ok, false, 13},
    {"rqnt_success", rqnt_success, false, 214},
    {"rqnt_success_ok", rqnt_success_ok, true, 29},
}};

} // namespace ngn::mgcp::golden
