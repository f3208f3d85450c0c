package org.custodyledger.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For the access tests ({@code @ExtendWith(WithoutDefaultToken.class)}): their REST Assured
 * requests carry only the token they set themselves, none at all when they set none.
 */
public class WithoutDefaultToken implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        TestInfrastructure.sendDefaultToken(false);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestInfrastructure.sendDefaultToken(true);
    }
}
