using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Portal.Server.Api;

namespace Portal.Server.Hosting;

/// <summary>
/// Checks every text that reaches an endpoint before the endpoint runs: the properties of request
/// bodies by their validation attributes, route, query, header and form values by theirs, and any
/// text without a limit of its own against <see cref="InputLimits.Text"/>. A refusal is a 400
/// problem naming each field and what is wrong with it.
/// </summary>
public static class InputValidation
{
    public static TBuilder ValidateInput<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilterFactory(Create);

    private static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = context.MethodInfo.GetParameters()
            .Select(ArgumentCheck.For)
            .OfType<ArgumentCheck>()
            .ToList();
        if (checks.Count == 0)
        {
            return next;
        }

        return async invocation =>
        {
            var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
            foreach (var check in checks)
            {
                check.Validate(invocation.Arguments[check.Position], errors);
            }

            return errors.Count == 0
                ? await next(invocation)
                : TypedResults.ValidationProblem(errors, detail: "These fields are not acceptable: " + string.Join(", ", errors.Keys) + ".");
        };
    }

    /// <summary>The checks of one argument: a text, or a request whose text properties are checked one by one.</summary>
    private sealed class ArgumentCheck(int position, IReadOnlyList<FieldCheck> fields)
    {
        public int Position { get; } = position;

        public static ArgumentCheck? For(ParameterInfo parameter)
        {
            if (parameter.ParameterType == typeof(string))
            {
                return new ArgumentCheck(parameter.Position, [FieldCheck.Of(FieldName(parameter), getValue: value => value, parameter.GetCustomAttributes<ValidationAttribute>())]);
            }

            var properties = parameter.ParameterType.GetProperties(BindingFlags.Public | BindingFlags.Instance);
            if (!properties.Any(p => p.GetCustomAttributes<ValidationAttribute>().Any()))
            {
                // A service, a cancellation token or a value without text: nothing entered here.
                return null;
            }

            return new ArgumentCheck(parameter.Position, properties
                .Where(p => p.PropertyType == typeof(string) || p.GetCustomAttributes<ValidationAttribute>().Any())
                .Select(p => FieldCheck.Of(JsonNamingPolicy.CamelCase.ConvertName(p.Name), p.GetValue, p.GetCustomAttributes<ValidationAttribute>()))
                .ToList());
        }

        public void Validate(object? argument, Dictionary<string, string[]> errors)
        {
            foreach (var field in fields)
            {
                field.Validate(argument, errors);
            }
        }

        private static string FieldName(ParameterInfo parameter) =>
            parameter.GetCustomAttribute<FromHeaderAttribute>()?.Name
            ?? parameter.GetCustomAttribute<FromFormAttribute>()?.Name
            ?? parameter.GetCustomAttribute<FromQueryAttribute>()?.Name
            ?? parameter.Name
            ?? "value";
    }

    /// <summary>One field's rules, with a length limit always among them.</summary>
    private sealed class FieldCheck(string name, Func<object?, object?> getValue, IReadOnlyList<ValidationAttribute> rules)
    {
        public static FieldCheck Of(string name, Func<object?, object?> getValue, IEnumerable<ValidationAttribute> attributes)
        {
            var rules = attributes.ToList();
            if (!rules.Any(r => r is MaxLengthAttribute or StringLengthAttribute or LengthAttribute))
            {
                rules.Add(new MaxLengthAttribute(InputLimits.Text));
            }

            return new FieldCheck(name, getValue, rules);
        }

        public void Validate(object? owner, Dictionary<string, string[]> errors)
        {
            if (owner is null)
            {
                return;
            }

            var value = getValue(owner);
            var messages = rules
                .Where(rule => !rule.IsValid(value))
                .Select(rule => Message(rule, value))
                .ToArray();
            if (messages.Length > 0)
            {
                errors[name] = messages;
            }
        }

        private string Message(ValidationAttribute rule, object? value) => rule is MaxLengthAttribute limit && value is string text
            ? $"{name} must be at most {limit.Length} characters; this one has {text.Length}."
            : rule.FormatErrorMessage(name);
    }
}
