package dev.parley.kms.support;

import com.google.gson.JsonParser;
import org.junit.jupiter.api.function.Executable;
import org.kurento.client.internal.server.KurentoServerException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Assertions on KMS errors as the Java client surfaces them. The client reads {@code code} and
 * keeps {@code data} as text; {@code data.type} is taken from there (its getErrorType() stays
 * null for KMS-shaped errors, with a real KMS too).
 */
public final class KmsErrors {
    private KmsErrors() {
    }

    public static KurentoServerException assertKmsError(int code, String type, Executable call) {
        KurentoServerException e = assertThrows(KurentoServerException.class, call);
        assertEquals(code, e.getCode(), e.getMessage());
        assertEquals(type, typeOf(e), e.getMessage());
        return e;
    }

    public static String typeOf(KurentoServerException e) {
        String data = e.getData();
        return data == null ? null : JsonParser.parseString(data).getAsJsonObject().get("type").getAsString();
    }
}
