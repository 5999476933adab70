// Node processes, namespaces and the stand-in scontrol (a shell script with the executable bit) are Linux-only.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
