using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Rethink.Ims.Credentials;
using Rethink.Ims.Sip.Auth;

namespace Rethink.Ims.Benchmarks.Sip;

/// <summary>
/// The hashes a digest REGISTER costs the registrar: MD5 of a response input (three blocks, RFC 2617 with qop=auth) and the
/// HMAC-SHA1 of an ephemeral password, ours against the platform's (OpenSSL).
/// </summary>
[MemoryDiagnoser]
public class SipDigestHashBenchmarks
{
    private readonly byte[] _response = Encoding.ASCII.GetBytes(
        "939e7578ed9e3c518a452acee763bce9:AQAAAZXzQd8QAAAAAAAAAAHq7m3Yc2uF9aQ2rNq1:00000001:0a4f113b:auth:39aff3a2bab6126f332b942af96d3366");

    private readonly byte[] _username = Encoding.ASCII.GetBytes("1767225600:alice@example.com");
    private readonly byte[] _secret = Encoding.ASCII.GetBytes("shared_secret_key");
    private readonly byte[] _hash = new byte[20];
    private HmacSha1Key _key = null!;

    /// <summary>Precomputes the HMAC key's pads, as the credential verifier does once per secret.</summary>
    [GlobalSetup]
    public void Setup() => _key = new HmacSha1Key(_secret);

    /// <summary>MD5 of the response input, managed (<c>SipMd5</c>).</summary>
    [Benchmark(Baseline = true)]
    public byte Md5Ours()
    {
        SipMd5.Hash(_response, _hash);
        return _hash[0];
    }

    /// <summary>The same with the platform's one-shot MD5.</summary>
    [Benchmark]
    public byte Md5Platform()
    {
        MD5.HashData(_response, _hash);
        return _hash[0];
    }

    /// <summary>HMAC-SHA1 of the ephemeral username with precomputed pads (<c>HmacSha1Key</c>).</summary>
    [Benchmark]
    public byte HmacSha1Ours()
    {
        _key.Compute(_username, _hash);
        return _hash[0];
    }

    /// <summary>The same with the platform's one-shot HMAC.</summary>
    [Benchmark]
    public byte HmacSha1Platform()
    {
        HMACSHA1.HashData(_secret, _username, _hash);
        return _hash[0];
    }
}
