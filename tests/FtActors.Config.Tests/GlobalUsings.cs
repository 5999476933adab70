global using FtActors.Config;
global using Xunit;
