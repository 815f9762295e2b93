// Parsing and checking the weights file; see weights_file.hpp and docs/nn-weights-format.md.
#include "weights_file.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstring>
#include <fstream>
#include <sstream>

namespace tradehost::nn {

namespace {

using nlohmann::json;

constexpr char kMagic[8] = {'T', 'H', 'N', 'N', 'W', 'T', 'S', '1'};

// The blob is little-endian float32; a big-endian reader would have to swap every value.
// (Plugins build as C++17, so no std::endian: the compiler's macro.)
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the weights reader assumes a little-endian machine");

size_t align64(size_t n) { return (n + 63) / 64 * 64; }

// A problem inside one layer: the index and type name the place in the file.
struct LayerError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

Activation activation_of(const std::string& s) {
    if (s == "identity") return Activation::Identity;
    if (s == "relu") return Activation::Relu;
    if (s == "tanh") return Activation::Tanh;
    if (s == "sigmoid") return Activation::Sigmoid;
    if (s == "gelu") return Activation::Gelu;
    throw LayerError("activation '" + s + "' is not one of identity, relu, tanh, sigmoid, gelu");
}

LayerType type_of(const std::string& s) {
    if (s == "dense") return LayerType::Dense;
    if (s == "activation") return LayerType::Activation;
    if (s == "layer_norm") return LayerType::LayerNorm;
    if (s == "lstm") return LayerType::Lstm;
    if (s == "gru") return LayerType::Gru;
    if (s == "attention") return LayerType::Attention;
    if (s == "last") return LayerType::Last;
    if (s == "mean") return LayerType::Mean;
    throw LayerError("type '" + s + "' is not a layer of format version 1");
}

uint32_t positive(const json& j, const char* key) {
    if (!j.contains(key)) throw LayerError(std::string("'") + key + "' is missing");
    const json& v = j.at(key);
    if (!v.is_number_integer() || v.get<int64_t>() <= 0 || v.get<int64_t>() > (1 << 24))
        throw LayerError(std::string("'") + key + "' must be a positive integer, got " + v.dump());
    return static_cast<uint32_t>(v.get<int64_t>());
}

std::string shape_text(const std::vector<uint32_t>& s) {
    std::string out = "[";
    for (size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
}

// Copies one tensor out of the blob after checking its place and its shape.
Tensor read_tensor(const json& layer, const std::string& name, const std::vector<uint32_t>& want,
                   const std::string& blob) {
    if (!layer.contains(name)) throw LayerError("tensor '" + name + "' is missing");
    const json& t = layer.at(name);
    if (!t.is_object() || !t.contains("offset") || !t.contains("shape") || !t["offset"].is_number_unsigned() ||
        !t["shape"].is_array())
        throw LayerError("tensor '" + name + "' must be {\"offset\": bytes, \"shape\": [dims]}");
    Tensor out;
    for (const auto& d : t["shape"]) {
        if (!d.is_number_unsigned()) throw LayerError("tensor '" + name + "': shape " + t["shape"].dump());
        out.shape.push_back(d.get<uint32_t>());
    }
    if (out.shape != want)
        throw LayerError("tensor '" + name + "' has shape " + shape_text(out.shape) + ", the layer needs " +
                         shape_text(want));
    size_t count = 1;
    for (uint32_t d : out.shape) count *= d;
    const uint64_t offset = t["offset"].get<uint64_t>();
    if (offset % 4 != 0 || offset > blob.size() || count > (blob.size() - offset) / 4)
        throw LayerError("tensor '" + name + "' at byte " + std::to_string(offset) + " (" + std::to_string(count) +
                         " floats) is outside the " + std::to_string(blob.size()) + "-byte blob");
    out.values.resize(count);
    std::memcpy(out.values.data(), blob.data() + offset, count * sizeof(float));
    for (size_t i = 0; i < count; ++i)
        if (!std::isfinite(out.values[i]))
            throw LayerError("tensor '" + name + "' value " + std::to_string(i) + " is not finite");
    return out;
}

std::vector<std::string> names(const json& h, const char* key) {
    if (!h.contains(key) || !h[key].is_array() || h[key].empty())
        throw WeightsFileError(std::string("'") + key + "' must be a non-empty list of names");
    std::vector<std::string> out;
    for (const auto& n : h[key]) {
        if (!n.is_string() || n.get<std::string>().empty())
            throw WeightsFileError(std::string("'") + key + "' has an entry that is not a name: " + n.dump());
        out.push_back(n.get<std::string>());
    }
    return out;
}

// Where the data is between layers: the width per step and whether the time axis is still T.
struct Shape {
    uint32_t width;
    bool sequence;
};

Layer read_layer(const json& j, Shape& shape, const std::string& blob) {
    if (!j.is_object() || !j.contains("type") || !j["type"].is_string())
        throw LayerError("a layer is an object with a \"type\"");
    Layer l;
    l.type = type_of(j["type"].get<std::string>());
    l.in = shape.width;
    auto expect_in = [&](uint32_t in) {
        if (in != shape.width)
            throw LayerError("takes " + std::to_string(in) + " inputs per step, the layer before gives " +
                             std::to_string(shape.width));
    };
    auto tensor = [&](const std::string& name, std::vector<uint32_t> dims) {
        l.tensors.emplace(name, read_tensor(j, name, dims, blob));
    };
    if (j.contains("activation")) {
        if (!j["activation"].is_string()) throw LayerError("'activation' must be a string");
        l.activation = activation_of(j["activation"].get<std::string>());
    }
    if (j.contains("eps")) {
        if (!j["eps"].is_number() || !(j["eps"].get<double>() > 0)) throw LayerError("'eps' must be > 0");
        l.eps = j["eps"].get<float>();
    }
    switch (l.type) {
    case LayerType::Dense:
        expect_in(positive(j, "in"));
        l.out = positive(j, "out");
        tensor("weight", {l.out, l.in});
        tensor("bias", {l.out});
        break;
    case LayerType::Activation:
        if (!j.contains("activation")) throw LayerError("'activation' is missing");
        l.out = l.in;
        break;
    case LayerType::LayerNorm:
        expect_in(positive(j, "size"));
        l.out = l.in;
        tensor("weight", {l.out});
        tensor("bias", {l.out});
        break;
    case LayerType::Lstm:
    case LayerType::Gru: {
        if (!shape.sequence) throw LayerError("a recurrent layer needs the time axis, which an earlier layer removed");
        expect_in(positive(j, "in"));
        l.out = positive(j, "hidden");
        const uint32_t gates = (l.type == LayerType::Lstm ? 4 : 3) * l.out;
        tensor("weight_ih", {gates, l.in});
        tensor("weight_hh", {gates, l.out});
        tensor("bias_ih", {gates});
        tensor("bias_hh", {gates});
        break;
    }
    case LayerType::Attention:
        if (!shape.sequence) throw LayerError("attention needs the time axis, which an earlier layer removed");
        expect_in(positive(j, "size"));
        l.out = l.in;
        l.heads = positive(j, "heads");
        if (l.in % l.heads != 0)
            throw LayerError("size " + std::to_string(l.in) + " is not a multiple of heads " + std::to_string(l.heads));
        for (const char* flag : {"norm_first", "causal"})
            if (j.contains(flag) && !j[flag].is_boolean()) throw LayerError(std::string("'") + flag + "' must be true or false");
        l.norm_first = j.value("norm_first", false);
        l.causal = j.value("causal", false);
        tensor("in_proj_weight", {3 * l.in, l.in});
        tensor("in_proj_bias", {3 * l.in});
        tensor("out_proj_weight", {l.in, l.in});
        tensor("out_proj_bias", {l.in});
        tensor("norm_weight", {l.in});
        tensor("norm_bias", {l.in});
        break;
    case LayerType::Last:
    case LayerType::Mean:
        if (!shape.sequence) throw LayerError("the time axis was already removed");
        l.out = l.in;
        shape.sequence = false;
        break;
    }
    shape.width = l.out;
    return l;
}

}  // namespace

const Tensor& Layer::tensor(const std::string& name) const {
    const auto it = tensors.find(name);
    if (it == tensors.end())
        throw std::out_of_range(std::string(to_string(type)) + " layer has no tensor '" + name + "'");
    return it->second;
}

const char* to_string(LayerType t) {
    switch (t) {
    case LayerType::Dense: return "dense";
    case LayerType::Activation: return "activation";
    case LayerType::LayerNorm: return "layer_norm";
    case LayerType::Lstm: return "lstm";
    case LayerType::Gru: return "gru";
    case LayerType::Attention: return "attention";
    case LayerType::Last: return "last";
    case LayerType::Mean: return "mean";
    }
    return "?";
}

const char* to_string(Activation a) {
    switch (a) {
    case Activation::Identity: return "identity";
    case Activation::Relu: return "relu";
    case Activation::Tanh: return "tanh";
    case Activation::Sigmoid: return "sigmoid";
    case Activation::Gelu: return "gelu";
    }
    return "?";
}

Network parse_weights(const std::string& bytes, const std::string& name) {
    auto fail = [&](const std::string& what) { return WeightsFileError(name + ": " + what); };
    if (bytes.size() < 16 || std::memcmp(bytes.data(), kMagic, 8) != 0)
        throw fail("not a tradehost-nn weights file (no THNNWTS1 magic)");
    uint64_t header_len = 0;
    std::memcpy(&header_len, bytes.data() + 8, 8);
    if (header_len > bytes.size() - 16) throw fail("header length " + std::to_string(header_len) + " runs past the end");
    json h;
    try {
        h = json::parse(bytes.begin() + 16, bytes.begin() + 16 + static_cast<std::ptrdiff_t>(header_len));
    } catch (const json::exception& e) {
        throw fail(std::string("the header is not JSON: ") + e.what());
    }
    if (!h.is_object() || h.value("format", std::string()) != "tradehost-nn")
        throw fail("the header's format is not \"tradehost-nn\"");
    if (!h.contains("version") || !h["version"].is_number_integer() || h["version"].get<int>() != kWeightsFormatVersion)
        throw fail("version " + (h.contains("version") ? h["version"].dump() : std::string("(missing)")) +
                   ", this reader reads version " + std::to_string(kWeightsFormatVersion));
    const size_t blob_start = align64(16 + header_len);
    if (!h.contains("blob_bytes") || !h["blob_bytes"].is_number_unsigned()) throw fail("'blob_bytes' is missing");
    const uint64_t blob_bytes = h["blob_bytes"].get<uint64_t>();
    if (bytes.size() < blob_start || bytes.size() - blob_start != blob_bytes)
        throw fail("the file has " + std::to_string(bytes.size()) + " bytes, the header says " +
                   std::to_string(blob_start + blob_bytes) + " (blob of " + std::to_string(blob_bytes) + " at " +
                   std::to_string(blob_start) + ")");
    const std::string blob = bytes.substr(blob_start);

    Network net;
    try {
        net.features = names(h, "features");
        net.outputs = names(h, "outputs");
        net.schema_version = h.value("schema_version", int64_t{1});
        const json seq = h.value("sequence_length", json(1));
        if (!seq.is_number_integer() || seq.get<int64_t>() < 1 || seq.get<int64_t>() > 65535)
            throw WeightsFileError("'sequence_length' must be an integer from 1 to 65535");
        net.sequence_length = static_cast<uint32_t>(seq.get<int64_t>());
        if (h.contains("source") && h["source"].is_string()) net.source = h["source"].get<std::string>();
    } catch (const WeightsFileError& e) {
        throw fail(e.what());
    } catch (const json::exception& e) {
        throw fail(e.what());
    }
    if (!h.contains("layers") || !h["layers"].is_array() || h["layers"].empty()) throw fail("'layers' is empty");

    Shape shape{static_cast<uint32_t>(net.features.size()), true};
    for (size_t i = 0; i < h["layers"].size(); ++i) {
        const json& j = h["layers"][i];
        try {
            net.layers.push_back(read_layer(j, shape, blob));
        } catch (const std::exception& e) {
            const std::string type = j.is_object() && j.contains("type") && j["type"].is_string()
                                         ? j["type"].get<std::string>() : std::string("?");
            throw fail("layers[" + std::to_string(i) + "] (" + type + "): " + e.what());
        }
    }
    // A one-row network (T = 1) may end without `last`; a sequence network must say how it
    // leaves the time axis.
    if (shape.sequence && net.sequence_length > 1)
        throw fail("the network ends with the time axis (" + std::to_string(net.sequence_length) +
                   " steps); end with a 'last' or 'mean' layer");
    if (shape.width != net.outputs.size())
        throw fail("the last layer gives " + std::to_string(shape.width) + " values, 'outputs' names " +
                   std::to_string(net.outputs.size()));
    return net;
}

Network read_weights_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw WeightsFileError(path + ": cannot open the file");
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_weights(ss.str(), path);
}

}  // namespace tradehost::nn
