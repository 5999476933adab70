using FtActors.Kernel;

namespace FtActors.Remoting;

/// <summary>A remoting option is missing or out of range; thrown at startup, before any socket is opened.</summary>
public sealed class RemotingOptionsException : FtActorsException
{
    /// <summary>Creates the exception naming the option and what was wrong with its value.</summary>
    public RemotingOptionsException(string option, string problem)
        : base($"Invalid remoting option {option}: {problem}.")
    {
        Option = option;
    }

    /// <summary>The option's name, as in <see cref="RemotingOptions"/>.</summary>
    public string Option { get; }
}
