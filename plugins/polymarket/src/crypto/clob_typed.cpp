#include "crypto/clob_typed.hpp"

namespace tradehost::polymarket {

Hash32 clob_auth_digest(uint64_t chain_id, const std::string& address, const std::string& timestamp,
                        uint64_t nonce) {
    eip712::Domain d{"ClobAuthDomain", "1", chain_id, std::nullopt};
    eip712::StructHasher h("ClobAuth(address address,string timestamp,uint256 nonce,string message)");
    h.address("address", address).string(timestamp).uint(nonce).string(kClobAuthMessage);
    return eip712::typed_digest(eip712::domain_separator(d), h.hash());
}

Hash32 order_struct_hash(const OrderV2& o) {
    eip712::StructHasher h(kOrderV2Type);
    h.uint("salt", o.salt)
        .address("maker", o.maker)
        .address("signer", o.signer)
        .uint("tokenId", o.token_id)
        .uint("makerAmount", o.maker_amount)
        .uint("takerAmount", o.taker_amount)
        .uint(static_cast<uint64_t>(o.side))
        .uint(o.signature_type)
        .uint("timestamp", o.timestamp)
        .bytes32("metadata", o.metadata)
        .bytes32("builder", o.builder);
    return h.hash();
}

Hash32 order_struct_hash(const OrderV1& o) {
    eip712::StructHasher h(kOrderV1Type);
    h.uint("salt", o.salt)
        .address("maker", o.maker)
        .address("signer", o.signer)
        .address("taker", o.taker)
        .uint("tokenId", o.token_id)
        .uint("makerAmount", o.maker_amount)
        .uint("takerAmount", o.taker_amount)
        .uint("expiration", o.expiration)
        .uint("nonce", o.nonce)
        .uint("feeRateBps", o.fee_rate_bps)
        .uint(static_cast<uint64_t>(o.side))
        .uint(o.signature_type);
    return h.hash();
}

Hash32 exchange_domain_separator(uint64_t chain_id, const std::string& exchange, int version) {
    eip712::Domain d{kExchangeDomainName, std::to_string(version), chain_id, exchange};
    return eip712::domain_separator(d);
}

}  // namespace tradehost::polymarket
