// Golden SIP messages for the sip tests, the fuzz corpus and bench_sip. The first four are
// reference/wire-bindings.md §2.1 verbatim; the AKA ones carry the RFC 3310 values of
// reference/aka-and-vectors.md §1.3 (test set 2). Written with '\n'; crlf() gives the wire form.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ngn::sip::test {

/// `text` with every "\n" turned into "\r\n".
inline std::string crlf(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 64);
  for (char c : text) {
    if (c == '\n') out += '\r';
    out += c;
  }
  return out;
}

// wire-bindings.md §2.1 (1): REGISTER with the mechanism list (479 bytes).
inline constexpr std::string_view register_1 = R"(REGISTER sip:ngn.example SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-reg-0001;rport
Max-Forwards: 70
From: <sip:1001@ngn.example>;tag=a73kszlfl
To: <sip:1001@ngn.example>
Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.10
CSeq: 1 REGISTER
Contact: <sip:1001@192.0.2.10:5060>
Expires: 3600
Require: sec-agree
Proxy-Require: sec-agree
Supported: sec-agree
Security-Client: digest;d-alg=md5;q=0.3, tls;q=0.2, ipsec-ike;q=0.1, x-sm4gcm;q=0.05;alg=sm3
Content-Length: 0

)";

// wire-bindings.md §2.1 (2): 401 with the challenge (488 bytes).
inline constexpr std::string_view unauthorized_2 = R"(SIP/2.0 401 Unauthorized
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-reg-0001;rport=5060;received=192.0.2.10
From: <sip:1001@ngn.example>;tag=a73kszlfl
To: <sip:1001@ngn.example>;tag=ss-1f2e3d
Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.10
CSeq: 1 REGISTER
WWW-Authenticate: Digest realm="ngn.example", nonce="8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4", opaque="5ccc069c403ebaf9f0171e9517f40e41", algorithm=MD5, qop="auth"
Security-Server: digest;d-alg=md5;q=0.3, tls;q=0.2
Content-Length: 0

)";

// wire-bindings.md §2.1 (3): REGISTER with Authorization (685 bytes).
inline constexpr std::string_view register_3 = R"(REGISTER sip:ngn.example SIP/2.0
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-reg-0002;rport
Max-Forwards: 70
From: <sip:1001@ngn.example>;tag=a73kszlfl
To: <sip:1001@ngn.example>
Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.10
CSeq: 2 REGISTER
Contact: <sip:1001@192.0.2.10:5060>
Expires: 3600
Authorization: Digest username="1001", realm="ngn.example", nonce="8f3c1a9d2b7e4f60a1c5d9e8b7a6f5e4", uri="sip:ngn.example", response="13f913040dca2c9afafa2c7437b68a77", algorithm=MD5, cnonce="0a4f113b", opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001
Require: sec-agree
Proxy-Require: sec-agree
Security-Verify: digest;d-alg=md5;q=0.3, tls;q=0.2
Content-Length: 0

)";

// wire-bindings.md §2.1 (4): 200 OK with skey/mac in Authentication-Info (547 bytes).
inline constexpr std::string_view ok_4 = R"(SIP/2.0 200 OK
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-reg-0002;rport=5060;received=192.0.2.10
From: <sip:1001@ngn.example>;tag=a73kszlfl
To: <sip:1001@ngn.example>;tag=ss-1f2e3d
Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.10
CSeq: 2 REGISTER
Contact: <sip:1001@192.0.2.10:5060>;expires=3600
Authentication-Info: qop=auth, rspauth="90d3a1af64d99cfb9a58fec1afe8e96d", cnonce="0a4f113b", nc=00000001, skey="3a91c2d4e5f60718293a4b5c6d7e8f90", mac="2b7e151628aed2a6abf7158809cf4f3c"
Security-Server: digest;d-alg=md5;q=0.3
Content-Length: 0

)";

// Digest-AKA challenge (RFC 3310 §3.2, nonce = base64(RAND ‖ AUTN) of test set 2).
inline constexpr std::string_view aka_401 = R"(SIP/2.0 401 Unauthorized
Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-aka-0001;rport=5071;received=127.0.0.1
From: <sip:ts2@test.net>;tag=1
To: <sip:ts2@test.net>;tag=ss-77aa01
Call-ID: 1-12345@127.0.0.1
CSeq: 1 REGISTER
WWW-Authenticate: Digest realm="test.net", nonce="wA1gMQPc7lLER4EZSUIC6Dn5bNmAD68XXfWzGAfiWLA=", algorithm=AKAv1-MD5, qop="auth"
Security-Server: aes-gcm;q=0.9, hmac-sha256;q=0.5
Content-Length: 0

)";

// Digest-AKA credentials: the SIPp 3.6.1 response for test set 2 (aka-and-vectors.md §1.3).
inline constexpr std::string_view aka_register = R"(REGISTER sip:127.0.0.1:5070 SIP/2.0
Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-aka-0002
Max-Forwards: 70
From: <sip:ts2@test.net>;tag=1
To: <sip:ts2@test.net>
Call-ID: 1-12345@127.0.0.1
CSeq: 2 REGISTER
Contact: <sip:ts2@127.0.0.1:5071>
Expires: 3600
Authorization: Digest username="ts2", realm="test.net", nonce="wA1gMQPc7lLER4EZSUIC6Dn5bNmAD68XXfWzGAfiWLA=", uri="sip:127.0.0.1:5070", response="286fade8d25f081284a181d5bfa4a00e", algorithm=AKAv1-MD5, cnonce="6b8b4567", qop=auth, nc=00000001
Require: sec-agree
Proxy-Require: sec-agree
Security-Client: aes-gcm;q=0.9, hmac-sha256;q=0.5
Security-Verify: aes-gcm;q=0.9, hmac-sha256;q=0.5
Content-Length: 0

)";

// 200 OK for aka_register: rspauth computed with XRES (RFC 3310 §3.5), skey/mac auth-params.
inline constexpr std::string_view aka_200 = R"(SIP/2.0 200 OK
Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-aka-0002
From: <sip:ts2@test.net>;tag=1
To: <sip:ts2@test.net>;tag=ss-77aa01
Call-ID: 1-12345@127.0.0.1
CSeq: 2 REGISTER
Contact: <sip:ts2@127.0.0.1:5071>;expires=3600
Expires: 3600
Authentication-Info: qop=auth, rspauth="9e6ae488d3a59e262174710c252ee09f", cnonce="6b8b4567", nc=00000001, skey="00112233445566778899aabbccddeeff0011223344556677", mac="2b7e151628aed2a6abf7158809cf4f3c"
Supported: sec-agree
Security-Server: aes-gcm;q=0.9
Content-Length: 0

)";

inline constexpr std::string_view forbidden_403 = R"(SIP/2.0 403 Forbidden
Via: SIP/2.0/UDP 127.0.0.1:5071;branch=z9hG4bK-aka-0002
From: <sip:ts2@test.net>;tag=1
To: <sip:ts2@test.net>;tag=ss-77aa01
Call-ID: 1-12345@127.0.0.1
CSeq: 2 REGISTER
Warning: 399 ss.test.net "authentication failed"
Content-Length: 0

)";

// RFC 3329 §2.3.1: the server's list when the client did not offer sec-agree.
inline constexpr std::string_view sec_agree_494 = R"(SIP/2.0 494 Security Agreement Required
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-reg-0001;rport=5060;received=192.0.2.10
From: <sip:1001@ngn.example>;tag=a73kszlfl
To: <sip:1001@ngn.example>;tag=ss-494
Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.10
CSeq: 1 REGISTER
Require: sec-agree
Security-Server: aes-gcm;q=0.9, hmac-sha256;q=0.5, null;q=0.1
Content-Length: 0

)";

inline constexpr std::string_view bad_request_400 = R"(SIP/2.0 400 Bad Request
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-reg-0009
From: <sip:1001@ngn.example>;tag=a73kszlfl
To: <sip:1001@ngn.example>;tag=ss-400
Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.10
CSeq: 9 REGISTER
Warning: 399 ss.ngn.example "Malformed Security-Client"
Content-Length: 0

)";

inline constexpr std::string_view server_error_500 = R"(SIP/2.0 500 Server Internal Error
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-reg-0003
From: <sip:1001@ngn.example>;tag=a73kszlfl
To: <sip:1001@ngn.example>;tag=ss-500
Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.10
CSeq: 3 REGISTER
Content-Length: 0

)";

inline constexpr std::string_view unavailable_503 = R"(SIP/2.0 503 Service Unavailable
Via: SIP/2.0/UDP 192.0.2.10:5060;branch=z9hG4bK-reg-0004
From: <sip:1001@ngn.example>;tag=a73kszlfl
To: <sip:1001@ngn.example>;tag=ss-503
Call-ID: 1j9FpLxk3uxtm8tn@192.0.2.10
CSeq: 4 REGISTER
Retry-After: 5
Content-Length: 0

)";

// Not REGISTER-only: an INVITE with proxies, a display name, unknown headers and a body.
inline constexpr std::string_view invite_sdp = R"(INVITE sip:bob@biloxi.example.com SIP/2.0
Via: SIP/2.0/TCP client.atlanta.example.com:5060;branch=z9hG4bK74bf9
Via: SIP/2.0/UDP [2001:db8::9]:5070;branch=z9hG4bK-x;received=192.0.2.3
Max-Forwards: 69
From: "Alice \"Al\" Liddell" <sip:alice@atlanta.example.com>;tag=9fxced76sl
To: "Bob" <sip:bob@biloxi.example.com>
Call-ID: 3848276298220188511@atlanta.example.com
CSeq: 1 INVITE
Contact: <sip:alice@client.atlanta.example.com;transport=tcp>;+sip.instance="<urn:uuid:00000000-0000-1000-8000-000A95A0E128>"
Supported: 100rel, timer
Route: <sip:p1.example.com;lr>
User-Agent: ngnemu test
Content-Type: application/sdp
Content-Length: 151

v=0
o=alice 2890844526 2890844526 IN IP4 client.atlanta.example.com
s=-
c=IN IP4 192.0.2.101
t=0 0
m=audio 49172 RTP/AVP 0
a=rtpmap:0 PCMU/8000
)";

// SIPp-style REGISTER: compact forms, odd case, folding, tabs, repeated headers, no spaces after
// commas, parameters in another order, Max-Forwards after Content-Length. Not canonical.
inline constexpr std::string_view sipp_register = R"(REGISTER   sip:127.0.0.1:5070   SIP/2.0
v: SIP/2.0/UDP 127.0.0.1:5071;rport;branch=z9hG4bK-1-1-0
f: ts2 <sip:ts2@test.net>;tag=1
t:<sip:ts2@test.net>
i: 1-12345@127.0.0.1
cSeQ:   2    REGISTER
m: <sip:ts2@127.0.0.1:5071>;expires=3600,sip:ts2@127.0.0.1:5072 ; q=0.5
EXPIRES: 3600
authorization: Digest username="ts2",realm="test.net",cnonce="6b8b4567",nc=00000001,qop=auth,uri="sip:127.0.0.1:5070",
 nonce="wA1gMQPc7lLER4EZSUIC6Dn5bNmAD68XXfWzGAfiWLA=",response="286fade8d25f081284a181d5bfa4a00e",algorithm=AKAv1-MD5
Require: sec-agree
Require:	foo
k: sec-agree,path
Security-Client: aes-gcm;q=0.9
Security-Client: hmac-sha256 ; q = 0.5 ; alg=hmac-sha-256-128
Subject: a "quoted, comma" value
l: 0
Max-Forwards: 70

)";

/// The canonical golden messages: encode(parse(v)) == v.
inline std::vector<std::pair<std::string_view, std::string_view>> canonical() {
  return {{"register_1", register_1},           {"unauthorized_2", unauthorized_2},
          {"register_3", register_3},           {"ok_4", ok_4},
          {"aka_401", aka_401},                 {"aka_register", aka_register},
          {"aka_200", aka_200},                 {"forbidden_403", forbidden_403},
          {"sec_agree_494", sec_agree_494},     {"bad_request_400", bad_request_400},
          {"server_error_500", server_error_500}, {"unavailable_503", unavailable_503},
          {"invite_sdp", invite_sdp}};
}

/// Every golden message (canonical ones plus the SIPp-style one).
inline std::vector<std::pair<std::string_view, std::string_view>> all_golden() {
  auto v = canonical();
  v.emplace_back("sipp_register", sipp_register);
  return v;
}

} // namespace ngn::sip::test
