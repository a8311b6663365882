namespace Muhur.SmartCard.Tests;

// R-CARD-4: a missing or wrong card driver (PKCS#11 module) is reported clearly (seed 000 §9, §10).
public sealed class ModuleLoadTests
{
    [Fact]
    public void Load_MissingFile_ThrowsModuleExceptionNamingPath()
    {
        // Arrange
        var path = Path.Combine(Path.GetTempPath(), "muhur-no-such-module-" + Guid.NewGuid().ToString("N") + ".so");

        // Act
        var error = Assert.Throws<Pkcs11ModuleException>(() => Pkcs11Module.Load(path));

        // Assert
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
        Assert.Contains("not found", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_LibraryWithoutGetFunctionList_ThrowsModuleException()
    {
        // Arrange: libz is a real shared library that is not a PKCS#11 module.
        var path = new[] { "/lib/x86_64-linux-gnu/libz.so.1", "/usr/lib/x86_64-linux-gnu/libz.so.1" }.First(File.Exists);

        // Act
        var error = Assert.Throws<Pkcs11ModuleException>(() => Pkcs11Module.Load(path));

        // Assert
        Assert.Contains("C_GetFunctionList", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_FileThatIsNotALibrary_ThrowsModuleException()
    {
        // Arrange
        var path = Path.GetTempFileName();
        File.WriteAllText(path, "not an ELF file");

        try
        {
            // Act
            var error = Assert.Throws<Pkcs11ModuleException>(() => Pkcs11Module.Load(path));

            // Assert
            Assert.Contains(path, error.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void NameOf_CommonReturnValues_ArePkcs11Names()
    {
        // Act and Assert: values from pkcs11t.h (PKCS#11 v2.40 §5.1).
        Assert.Equal("CKR_OK", ReturnValues.NameOf(0x0));
        Assert.Equal("CKR_SLOT_ID_INVALID", ReturnValues.NameOf(0x3));
        Assert.Equal("CKR_MECHANISM_INVALID", ReturnValues.NameOf(0x70));
        Assert.Equal("CKR_PIN_INCORRECT", ReturnValues.NameOf(0xA0));
        Assert.Equal("CKR_PIN_LEN_RANGE", ReturnValues.NameOf(0xA2));
        Assert.Equal("CKR_PIN_LOCKED", ReturnValues.NameOf(0xA4));
        Assert.Equal("CKR_TOKEN_NOT_PRESENT", ReturnValues.NameOf(0xE0));
        Assert.Equal("CKR_USER_NOT_LOGGED_IN", ReturnValues.NameOf(0x101));
        Assert.Equal("CKR_VENDOR_DEFINED+0x5", ReturnValues.NameOf(0x80000005));
    }
}
