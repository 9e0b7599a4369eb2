package dev.compass.agent.domain;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.math.BigDecimal;

/**
 * An amount of money in currency units with at most two decimals (cents), so that none is rounded in silence; null
 * is valid (other constraints require it), as are trailing zeros ({@code 10.100}) and exponents ({@code 1.5e1}).
 */
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.TYPE_USE,
        ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@Constraint(validatedBy = Cents.Validator.class)
public @interface Cents {
    String message() default "must have at most 2 decimals (cents)";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<Cents, Number> {
        @Override
        public boolean isValid(Number value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            BigDecimal decimal;
            if (value instanceof BigDecimal d) {
                decimal = d;
            } else {
                double d = value.doubleValue();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    return true; // not an amount at all: other constraints refuse it
                }
                decimal = BigDecimal.valueOf(d); // the shortest decimal that is this double: 100.005 stays 100.005
            }
            // stripping trailing zeros only divides the unscaled value: cheap whatever the exponent (1e-100000000)
            return decimal.signum() == 0 || decimal.stripTrailingZeros().scale() <= 2;
        }
    }
}
