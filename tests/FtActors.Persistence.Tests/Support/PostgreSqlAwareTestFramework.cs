using Xunit.Abstractions;
using Xunit.Sdk;

[assembly: Xunit.TestFramework("FtActors.Persistence.Tests.Support.PostgreSqlAwareTestFramework", "FtActors.Persistence.Tests")]

namespace FtActors.Persistence.Tests.Support;

/// <summary>
/// xunit 2's own framework, except that tests of classes marked <see cref="RequiresPostgreSqlAttribute"/> are
/// discovered as skipped (with the reason) when PostgreSQL is unavailable. xunit 2 has no runtime skip, and
/// the conformance specs' inherited [Fact]s cannot carry a Skip of their own.
/// </summary>
public sealed class PostgreSqlAwareTestFramework : XunitTestFramework
{
    /// <summary>Created by xunit through the assembly attribute.</summary>
    public PostgreSqlAwareTestFramework(IMessageSink messageSink)
        : base(messageSink)
    {
    }

    /// <inheritdoc />
    protected override ITestFrameworkDiscoverer CreateDiscoverer(IAssemblyInfo assemblyInfo) =>
        new Discoverer(assemblyInfo, SourceInformationProvider, DiagnosticMessageSink);

    private sealed class Discoverer(IAssemblyInfo assemblyInfo, ISourceInformationProvider sourceProvider, IMessageSink diagnosticMessageSink)
        : XunitTestFrameworkDiscoverer(assemblyInfo, sourceProvider, diagnosticMessageSink)
    {
        protected override bool FindTestsForMethod(ITestMethod testMethod, bool includeSourceInformation, IMessageBus messageBus, ITestFrameworkDiscoveryOptions discoveryOptions)
        {
            var reason = PostgreSqlTestServer.SkipReason;
            if (reason is null
                || !testMethod.TestClass.Class.GetCustomAttributes(typeof(RequiresPostgreSqlAttribute)).Any()
                || !testMethod.Method.GetCustomAttributes(typeof(Xunit.FactAttribute)).Any())
            {
                return base.FindTestsForMethod(testMethod, includeSourceInformation, messageBus, discoveryOptions);
            }

            var testCase = new SkippedTestCase(
                DiagnosticMessageSink, discoveryOptions.MethodDisplayOrDefault(), discoveryOptions.MethodDisplayOptionsOrDefault(), testMethod, reason);
            return ReportDiscoveredTestCase(testCase, includeSourceInformation, messageBus);
        }
    }
}
