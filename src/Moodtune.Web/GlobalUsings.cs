global using Microsoft.AspNetCore.Http.HttpResults;
global using Microsoft.Extensions.DependencyInjection.Extensions;
global using System.Security.Claims;
