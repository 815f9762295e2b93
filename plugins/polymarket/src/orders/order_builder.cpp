#include "orders/order_builder.hpp"

#include "crypto/abi.hpp"
#include "crypto/eip712.hpp"
#include "orders/contracts.hpp"

#include <random>
#include <stdexcept>

namespace tradehost::polymarket {
namespace {

// ERC-7739's TypedDataSign wrapper for a POLY_1271 (deposit wallet) order, as
// exchangeOrderBuilderV2.ts buildOrderSignature builds it: the owner key signs
// TypedDataSign{contents: the order, name "DepositWallet", version "1", chainId,
// verifyingContract: the wallet, salt 0} under the exchange's domain, and the signature
// sent is innerSig || appDomainSeparator || contentsHash || contentsType || uint16 length.
std::string poly1271_signature(const Wallet& key, const Hash32& domain_sep, const Hash32& contents_hash,
                               uint64_t chain_id, const std::string& wallet) {
    const std::string order_type = kOrderV2Type;
    eip712::StructHasher tds(
        "TypedDataSign(Order contents,string name,string version,uint256 chainId,address verifyingContract,bytes32 salt)" +
        order_type);
    tds.word(contents_hash).string("DepositWallet").string("1").uint(chain_id).address("signer", wallet).bytes32(
        "salt", kBytes32Zero);
    Signature65 inner = key.sign(eip712::typed_digest(domain_sep, tds.hash()));
    std::string sig = signature_hex(inner);
    sig += to_hex0x(domain_sep).substr(2);
    sig += to_hex0x(contents_hash).substr(2);
    static constexpr char kDigits[] = "0123456789abcdef";
    for (unsigned char c : order_type) {
        sig += kDigits[c >> 4];
        sig += kDigits[c & 15];
    }
    const size_t len = order_type.size();
    for (int shift : {12, 8, 4, 0}) sig += kDigits[(len >> shift) & 15];
    return sig;
}

void json_string(std::string& out, const std::string& s) {
    out += '"';
    for (char c : s) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            static constexpr char kDigits[] = "0123456789abcdef";
            out += "\\u00";
            out += kDigits[(c >> 4) & 15];
            out += kDigits[c & 15];
        } else {
            out += c;
        }
    }
    out += '"';
}

}  // namespace

std::optional<SignatureType> parse_signature_type(const std::string& name) {
    if (name == "EOA") return SignatureType::eoa;
    if (name == "POLY_PROXY") return SignatureType::poly_proxy;
    if (name == "POLY_GNOSIS_SAFE") return SignatureType::poly_gnosis_safe;
    if (name == "POLY_1271") return SignatureType::poly_1271;
    return std::nullopt;
}

std::optional<std::string> check_account(const Account& acct) {
    if (acct.type == SignatureType::eoa) return std::nullopt;
    if (acct.funder.empty())
        return "signature type " + std::to_string(static_cast<int>(acct.type)) +
               " needs the funder address (the proxy, safe or deposit wallet that holds the funds)";
    if (!checksum_address(acct.funder)) return "funder is not an address (0x and 40 hex digits): '" + acct.funder + "'";
    return std::nullopt;
}

SignedOrder sign_order(const Wallet& key, const Account& acct, uint64_t chain_id, bool neg_risk, int version,
                       const OrderRequest& req) {
    if (!order_version_supported(version))
        throw std::invalid_argument("refusing to sign order version " + std::to_string(version) +
                                    ": this adapter signs versions 2 and 3");
    auto exchange = exchange_contract(chain_id, neg_risk, version);
    if (!exchange) throw std::invalid_argument("no exchange contract for chain " + std::to_string(chain_id));
    if (auto bad = check_account(acct)) throw std::invalid_argument(*bad);

    SignedOrder s;
    s.version = version;
    s.exchange = *exchange;
    s.expiration = req.expiration;
    OrderV2& o = s.order;
    o.salt = req.salt;
    o.maker = acct.type == SignatureType::eoa ? key.address() : *checksum_address(acct.funder);
    o.signer = acct.type == SignatureType::poly_1271 ? o.maker : key.address();
    o.token_id = req.token_id;
    o.maker_amount = std::to_string(req.maker_amount);
    o.taker_amount = std::to_string(req.taker_amount);
    o.side = req.side;
    o.signature_type = static_cast<uint8_t>(acct.type);
    o.timestamp = req.timestamp_ms;
    o.metadata = req.metadata;
    o.builder = req.builder;

    const Hash32 domain = exchange_domain_separator(chain_id, s.exchange, version);
    const Hash32 contents = order_struct_hash(o);
    s.digest = eip712::typed_digest(domain, contents);
    s.signature = acct.type == SignatureType::poly_1271 ? poly1271_signature(key, domain, contents, chain_id, o.signer)
                                                        : signature_hex(key.sign(s.digest));
    return s;
}

std::string order_body(const SignedOrder& s, const std::string& owner, const std::string& order_type, bool post_only,
                       bool defer_exec) {
    const OrderV2& o = s.order;
    std::string b;
    b.reserve(1024);
    b += "{\"deferExec\":";
    b += defer_exec ? "true" : "false";
    b += ",\"postOnly\":";
    b += post_only ? "true" : "false";
    b += ",\"order\":{\"salt\":" + o.salt;  // a JSON number, as parseInt(salt) makes it
    b += ",\"maker\":";
    json_string(b, o.maker);
    b += ",\"signer\":";
    json_string(b, o.signer);
    b += ",\"tokenId\":";
    json_string(b, o.token_id);
    b += ",\"makerAmount\":";
    json_string(b, o.maker_amount);
    b += ",\"takerAmount\":";
    json_string(b, o.taker_amount);
    b += ",\"side\":";
    b += o.side == OrderSide::buy ? "\"BUY\"" : "\"SELL\"";
    b += ",\"signatureType\":" + std::to_string(o.signature_type);
    b += ",\"timestamp\":";
    json_string(b, o.timestamp);
    b += ",\"expiration\":";
    json_string(b, s.expiration);
    b += ",\"metadata\":";
    json_string(b, o.metadata);
    b += ",\"builder\":";
    json_string(b, o.builder);
    b += ",\"signature\":";
    json_string(b, s.signature);
    b += "},\"owner\":";
    json_string(b, owner);
    b += ",\"orderType\":";
    json_string(b, order_type);
    b += "}";
    return b;
}

std::string random_salt() {
    std::random_device rd;
    const uint64_t v = (static_cast<uint64_t>(rd()) << 32 | rd()) & ((uint64_t{1} << 53) - 1);
    return std::to_string(v);
}

}  // namespace tradehost::polymarket
