using Moodtune.Web;

return await WebApp.RunAsync(args);

/// <summary>The entry point, public for <c>WebApplicationFactory&lt;Program&gt;</c>.</summary>
public partial class Program;
