/// The names users and roles may have: lowercase letters, digits, `.`, `_` and `-`, at
/// most 64 bytes. The directory refuses others; a model naming another role is warned.
public enum IdentityName {
    /// Whether `name` can name a user or a role.
    public static func isValid(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 64
            && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 95 || $0 == 45 }
    }
}
