using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using FtActors.Kernel;
using FtActors.Remoting;

namespace FtActors.Benchmarks.Remoting;

/// <summary>Two remoting nodes on loopback, with or without mutual TLS, and the bare actor refs the benchmarks use.</summary>
internal sealed class BenchNodes : IAsyncDisposable
{
    private BenchNodes(RemotingNode a, RemotingNode b, Resolver resolverA, Resolver resolverB)
    {
        A = a;
        B = b;
        ResolverA = resolverA;
        ResolverB = resolverB;
    }

    public RemotingNode A { get; }

    public RemotingNode B { get; }

    public Resolver ResolverA { get; }

    public Resolver ResolverB { get; }

    public static BenchNodes Start(bool tls)
    {
        TlsOptions? TlsFor(X509Certificate2 ca, string name) => tls ? new TlsOptions { Certificate = Certificates.Node(ca, name), TrustedRoots = [ca] } : null;
        var ca = tls ? Certificates.Ca() : null;
        var resolverA = new Resolver();
        var resolverB = new Resolver();
        var a = RemotingNode.Start(new RemotingOptions { ClusterId = "bench", Tls = ca is null ? null : TlsFor(ca, "a") }, BenchRegistry.Create(), resolverA);
        var b = RemotingNode.Start(new RemotingOptions { ClusterId = "bench", Tls = ca is null ? null : TlsFor(ca, "b") }, BenchRegistry.Create(), resolverB);
        return new BenchNodes(a, b, resolverA, resolverB);
    }

    public async ValueTask DisposeAsync()
    {
        await A.DisposeAsync();
        await B.DisposeAsync();
    }

    internal sealed class Resolver : ILocalActorResolver
    {
        private readonly ConcurrentDictionary<string, IActorRef> _actors = new(StringComparer.Ordinal);

        public void Add(string name, IActorRef actor) => _actors["/user/" + name] = actor;

        public IActorRef? Resolve(ActorPath path) => _actors.GetValueOrDefault("/" + string.Join('/', path.Elements));
    }

    /// <summary>A bare reference whose Tell runs a callback on the delivering thread (no mailbox in the measurement).</summary>
    internal sealed class CallbackRef(string path, Action<object, IActorRef?> onTell) : IActorRef
    {
        public ActorPath Path { get; } = ActorPath.Parse(path);

        public void Tell(object message, IActorRef? sender = null) => onTell(message, sender);

        public ValueTask TellAsync(object message, IActorRef? sender = null, CancellationToken cancellationToken = default)
        {
            onTell(message, sender);
            return ValueTask.CompletedTask;
        }
    }

    private static class Certificates
    {
        public static X509Certificate2 Ca()
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest("CN=bench CA", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
            return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-2), DateTimeOffset.UtcNow.AddDays(2));
        }

        public static X509Certificate2 Node(X509Certificate2 ca, string name)
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var signed = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1), RandomNumberGenerator.GetBytes(8));
            return signed.CopyWithPrivateKey(key);
        }
    }
}
