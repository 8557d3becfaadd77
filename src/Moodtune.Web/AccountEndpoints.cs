using System.Net.Mail;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Moodtune.Storage;

namespace Moodtune.Web;

internal sealed record AccountRequest(string? Email, string? Password);

internal sealed record PasswordChangeRequest(string? CurrentPassword, string? NewPassword);

/// <summary>Who the page is talking to: the mode, and in accounts mode whether someone is signed in.</summary>
internal sealed record AccountResponse(string Mode, bool SignedIn, string? Email, bool Administrator);

/// <summary>
/// Accounts mode: sign up, sign in, sign out, change the password, delete the account with everything it owns.
/// ASP.NET Core's cookie authentication (an HttpOnly, SameSite=Lax cookie, Secure on HTTPS, protected by the data
/// protection keys in the database) and Identity's PasswordHasher (PBKDF2); nothing hand-made in the cryptography.
/// </summary>
internal static class AccountEndpoints
{
    public const int MinPasswordLength = 8;
    public const int MaxPasswordLength = 128;

    /// <summary>Failed sign-ins in a row that lock an account, and for how long.</summary>
    public const int LockAfter = 5;

    public static readonly TimeSpan LockFor = TimeSpan.FromMinutes(15);

    private const string SignInLimit = "sign-in";

    /// <summary>Photo analyses a minute per listener (accounts mode) or client address.</summary>
    internal const string AnalysisLimit = "analysis";

    /// <summary>Catalog imports a minute per listener or client address.</summary>
    internal const string ImportLimit = "import";

    // Verifying against this when the email is unknown keeps the answer's time from telling which emails have accounts.
    private static readonly string DummyHash = new PasswordHasher<Account>().HashPassword(null!, "not a password of anyone");

    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        // Resolved when the pipeline is built (WebApp.UseMoodtune), where a refusal stops the server with its message.
        services.AddSingleton(sp => ServeMode.Resolve(sp.GetRequiredService<IConfiguration>(), WebApp.DefaultUrls));
        services.AddSingleton<AccountStore>();

        // DNS rebinding: a page of evil.example, its name pointed at 127.0.0.1, reaches a loopback server as
        // "Host: evil.example". Unless AllowedHosts names hosts, a server on loopback answers only its loopback names and
        // the hosts of Moodtune:TrustedOrigins (a proxy in front of it).
        services.AddOptions<HostFilteringOptions>().PostConfigure<ServeMode, IOptions<WebOptions>>((o, mode, web) =>
        {
            if (mode.LoopbackOnly && o.AllowedHosts.All(h => h is "*" or ""))
            {
                o.AllowedHosts = ["localhost", "127.0.0.1", "[::1]", .. web.Value.TrustedOrigins
                    .Select(origin => Uri.TryCreate(origin, UriKind.Absolute, out var uri) ? uri.IdnHost : null)
                    .OfType<string>()];
            }
        });
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();

        // Sign-in cookies stay valid across restarts and nodes: the keys that protect them live in the database (those an
        // earlier version kept in DATA/keys are imported).
        services.AddDataProtection().SetApplicationName("Moodtune");
        services.AddSingleton<KeyStore>();
        services.AddOptions<KeyManagementOptions>().Configure<KeyStore, IOptions<WebOptions>, ILogger<DatabaseXmlRepository>>((o, keys, web, logger) =>
            o.XmlRepository = new DatabaseXmlRepository(keys, Path.Combine(Path.GetFullPath(web.Value.DataDirectory), "keys"), logger));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = "moodtune";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromDays(30);
            o.SlidingExpiration = true;

            // An API answers 401 and 403; it does not redirect to a sign-in page.
            o.Events.OnRedirectToLogin = c => Status(c.Response, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => Status(c.Response, StatusCodes.Status403Forbidden);
            o.Events.OnValidatePrincipal = ValidateAsync;
        });
        services.AddAuthorization(o =>
        {
            o.AddPolicy(Listener.ListenerPolicy, p => p.RequireAssertion(c => !InAccountsMode(c) || c.User.Identity?.IsAuthenticated == true));
            o.AddPolicy(Listener.AdministratorPolicy, p => p.RequireAssertion(c => !InAccountsMode(c) || c.User.IsInRole(Listener.AdministratorRole)));
        });
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(SignInLimit, context => PerMinute(context.Connection.RemoteIpAddress?.ToString() ?? "unknown", Web(context).SignInsPerMinute));
            o.AddPolicy(AnalysisLimit, context => PerMinute(Requester(context), Web(context).AnalysesPerMinute));
            o.AddPolicy(ImportLimit, context => PerMinute(Requester(context), Web(context).ImportsPerMinute));
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
                    ? ((int)Math.Ceiling(after.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture)
                    : "60";
                return ValueTask.CompletedTask;
            };
        });
        return services;
    }

    private static WebOptions Web(HttpContext context) => context.RequestServices.GetRequiredService<IOptions<WebOptions>>().Value;

    // A signed-in listener is limited as one person wherever they connect from; anyone else by address.
    private static string Requester(HttpContext context) =>
        context.User.Identity?.IsAuthenticated == true ? $"listener:{Listener.Of(context.User)}" : $"address:{context.Connection.RemoteIpAddress}";

    private static RateLimitPartition<string> PerMinute(string key, int permits) => RateLimitPartition.GetFixedWindowLimiter(
        key, _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    private static bool InAccountsMode(AuthorizationHandlerContext context) =>
        context.Resource is not HttpContext http || http.RequestServices.GetRequiredService<ServeMode>().Accounts;

    public static IEndpointRouteBuilder MapAccounts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/account").WithTags("Account");
        group.MapGet("/", Get).WithSummary("The mode (single or accounts) and who is signed in");
        group.MapPost("/register", RegisterAsync)
            .WithSummary("Sign up (accounts mode) and stay signed in")
            .WithDescription($"Body {{\"email\":..,\"password\":..}}; a password of {MinPasswordLength} to {MaxPasswordLength} characters. The first account administers the instance.")
            .RequireRateLimiting(SignInLimit);
        group.MapPost("/login", LoginAsync)
            .WithSummary("Sign in (accounts mode)")
            .WithDescription($"Body {{\"email\":..,\"password\":..}}. {LockAfter} wrong passwords in a row lock the account for {LockFor.TotalMinutes} minutes; Moodtune:SignInsPerMinute tries (10) a minute per address, sign-ups included.")
            .RequireRateLimiting(SignInLimit);
        group.MapPost("/logout", (Func<HttpContext, Task<NoContent>>)LogoutAsync).WithSummary("Sign out");
        group.MapPost("/password", ChangePasswordAsync)
            .WithSummary("Change the password; every other sign-in ends")
            .RequireAuthorization(Listener.ListenerPolicy);
        group.MapDelete("/", DeleteAsync)
            .WithSummary("Delete the account and everything it owns (readings, plays, likes)")
            .RequireAuthorization(Listener.ListenerPolicy);
        return app;
    }

    internal static Ok<AccountResponse> Get(ClaimsPrincipal user, ServeMode mode) => TypedResults.Ok(Describe(user, mode));

    internal static async Task<Results<Created<AccountResponse>, ProblemHttpResult>> RegisterAsync(
        AccountRequest request, HttpContext context, ServeMode mode, AccountStore accounts, IPasswordHasher<Account> hasher, IOptions<WebOptions> options,
        CancellationToken cancellationToken)
    {
        if (!mode.Accounts)
        {
            return SingleMode();
        }

        if (Invalid(request, out var email, out var password) is { } problem)
        {
            return problem;
        }

        var administrator = options.Value.Administrators.Contains(email, StringComparer.OrdinalIgnoreCase);
        var account = await accounts.CreateAsync(email, hasher.HashPassword(null!, password), administrator, cancellationToken);
        if (account is null)
        {
            return Problems.Conflict($"An account for {email} exists already: sign in.");
        }

        var principal = await SignInAsync(context, account);
        return TypedResults.Created("/api/account", Describe(principal, mode));
    }

    internal static async Task<Results<Ok<AccountResponse>, ProblemHttpResult>> LoginAsync(
        AccountRequest request, HttpContext context, ServeMode mode, AccountStore accounts, IPasswordHasher<Account> hasher, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!mode.Accounts)
        {
            return SingleMode();
        }

        var email = request.Email?.Trim() ?? "";
        var password = request.Password ?? "";
        var account = email.Length is > 0 and <= 254 ? await accounts.FindAsync(email, cancellationToken) : null;
        if (account?.LockedUntil is { } until && until > time.GetUtcNow())
        {
            context.Response.Headers.RetryAfter = ((int)Math.Ceiling((until - time.GetUtcNow()).TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                $"Too many wrong passwords: this account is locked until {until:u}.", statusCode: StatusCodes.Status429TooManyRequests, title: "locked");
        }

        var verdict = password.Length is > 0 and <= MaxPasswordLength
            ? hasher.VerifyHashedPassword(account!, account?.PasswordHash ?? DummyHash, password)
            : PasswordVerificationResult.Failed;
        if (account is null || verdict == PasswordVerificationResult.Failed)
        {
            if (account is not null)
            {
                await accounts.RecordFailedSignInAsync(account.ListenerId, LockAfter, LockFor, cancellationToken);
            }

            return TypedResults.Problem("Wrong email or password.", statusCode: StatusCodes.Status401Unauthorized, title: "not signed in");
        }

        var rehashed = verdict == PasswordVerificationResult.SuccessRehashNeeded ? hasher.HashPassword(account, password) : null;
        await accounts.RecordSignInAsync(account.ListenerId, rehashed, cancellationToken);
        var principal = await SignInAsync(context, account);
        return TypedResults.Ok(Describe(principal, mode));
    }

    internal static async Task<NoContent> LogoutAsync(HttpContext context)
    {
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> ChangePasswordAsync(
        PasswordChangeRequest request, HttpContext context, ServeMode mode, AccountStore accounts, IPasswordHasher<Account> hasher, CancellationToken cancellationToken)
    {
        if (!mode.Accounts)
        {
            return SingleMode();
        }

        var account = await accounts.GetAsync(Listener.Of(context.User), cancellationToken);
        if (account is null || hasher.VerifyHashedPassword(account, account.PasswordHash, request.CurrentPassword ?? "") == PasswordVerificationResult.Failed)
        {
            return Problems.Forbidden("The current password is wrong.");
        }

        if (PasswordProblem(request.NewPassword) is { } problem)
        {
            return Problems.BadRequest(problem);
        }

        var stamp = await accounts.SetPasswordAsync(account.ListenerId, hasher.HashPassword(account, request.NewPassword!), cancellationToken);
        await SignInAsync(context, account with { Stamp = stamp });
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(HttpContext context, ServeMode mode, AccountStore accounts, CancellationToken cancellationToken)
    {
        if (!mode.Accounts)
        {
            return SingleMode();
        }

        await accounts.DeleteAsync(Listener.Of(context.User), cancellationToken);
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.NoContent();
    }

    private static AccountResponse Describe(ClaimsPrincipal user, ServeMode mode) =>
        mode.Accounts && user.Identity?.IsAuthenticated == true
            ? new(mode.Name, true, user.FindFirstValue(ClaimTypes.Email), user.IsInRole(Listener.AdministratorRole))
            : new(mode.Name, false, null, !mode.Accounts);

    private static async Task<ClaimsPrincipal> SignInAsync(HttpContext context, Account account)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, account.ListenerId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Email, account.Email),
            new(Listener.StampClaim, account.Stamp),
        ];
        if (account.IsAdmin)
        {
            claims.Add(new(ClaimTypes.Role, Listener.AdministratorRole));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties { IsPersistent = true });
        return principal;
    }

    // A cookie outlives a password change or a deleted account only until its next request.
    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
        var account = context.Principal is { } user ? await accounts.GetAsync(Listener.Of(user), context.HttpContext.RequestAborted) : null;
        if (account is null || account.Stamp != context.Principal!.FindFirstValue(Listener.StampClaim))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    private static ProblemHttpResult? Invalid(AccountRequest request, out string email, out string password)
    {
        email = request.Email?.Trim() ?? "";
        password = request.Password ?? "";
        if (email.Length > 254 || !MailAddress.TryCreate(email, out var parsed) || parsed.Address != email)
        {
            return Problems.BadRequest("Give an email address, e.g. {\"email\":\"me@example.com\",\"password\":..}.");
        }

        return PasswordProblem(password) is { } problem ? Problems.BadRequest(problem) : null;
    }

    private static string? PasswordProblem(string? password) =>
        password is null || password.Length < MinPasswordLength || password.Length > MaxPasswordLength
            ? $"A password has {MinPasswordLength} to {MaxPasswordLength} characters."
            : null;

    private static ProblemHttpResult SingleMode() =>
        Problems.NotFound("This server runs in single mode (Moodtune:Mode single): one local listener, no accounts.");

    private static Task Status(HttpResponse response, int status)
    {
        response.StatusCode = status;
        return Task.CompletedTask;
    }
}
