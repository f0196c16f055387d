//! Signed checkpoints of the audit log. At every commit that extends the log, the registry signs
//! its head (position and hash) with its Ed25519 key and stores the signature beside it. Anyone
//! with database access can edit events and recompute every hash after them, but not sign: a
//! rewritten log no longer matches the checkpoints, checked against the public key served at
//! `/.well-known/concord-audit-key`.

use chrono::{DateTime, Utc};
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, QueryOrder, Set};

use super::Result;
use crate::db::entities::{audit_checkpoint, audit_event};

/// The registry's signing key for audit checkpoints.
#[derive(Clone)]
pub struct AuditKey(SigningKey);

impl std::fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the secret.
        write!(f, "AuditKey({})", self.public_hex())
    }
}

impl AuditKey {
    /// A new random key.
    pub fn generate() -> Self {
        Self(SigningKey::from_bytes(&rand::random::<[u8; 32]>()))
    }

    /// The key stored as 64 hexadecimal characters.
    pub fn parse_secret(hex_text: &str) -> Result<Self, String> {
        let bytes = hex::decode(hex_text.trim()).map_err(|e| e.to_string())?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|_| "an Ed25519 key is 32 bytes (64 hexadecimal characters)".to_owned())?;
        Ok(Self(SigningKey::from_bytes(&bytes)))
    }

    /// The secret as 64 hexadecimal characters, for the key file.
    pub fn secret_hex(&self) -> String {
        hex::encode(self.0.to_bytes())
    }

    /// The public key as 64 hexadecimal characters.
    pub fn public_hex(&self) -> String {
        hex::encode(self.0.verifying_key().to_bytes())
    }

    fn sign(&self, position: i64, hash: &str) -> String {
        hex::encode(self.0.sign(&message(position, hash)).to_bytes())
    }
}

/// What a checkpoint's signature covers.
fn message(position: i64, hash: &str) -> Vec<u8> {
    format!("concord-audit-checkpoint:v1:{position}:{hash}").into_bytes()
}

/// A public key that checks checkpoints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditPublicKey(VerifyingKey);

impl AuditPublicKey {
    /// Parses 64 hexadecimal characters.
    pub fn parse(hex_text: &str) -> Result<Self, String> {
        let bytes = hex::decode(hex_text.trim()).map_err(|e| e.to_string())?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| {
            "an Ed25519 public key is 32 bytes (64 hexadecimal characters)".to_owned()
        })?;
        VerifyingKey::from_bytes(&bytes)
            .map(Self)
            .map_err(|e| e.to_string())
    }

    /// The public key of a signing key.
    pub fn of(key: &AuditKey) -> Self {
        Self(key.0.verifying_key())
    }

    fn verifies(&self, position: i64, hash: &str, signature_hex: &str) -> bool {
        let Ok(bytes) = hex::decode(signature_hex) else {
            return false;
        };
        let Ok(bytes): std::result::Result<[u8; 64], _> = bytes.try_into() else {
            return false;
        };
        self.0
            .verify(&message(position, hash), &Signature::from_bytes(&bytes))
            .is_ok()
    }
}

/// A signed head of the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// How many events the log held.
    pub position: i64,
    /// The hash of the event at that position.
    pub hash: String,
    /// The signing key's public half, hex.
    pub public_key: String,
    /// The Ed25519 signature, hex.
    pub signature: String,
    /// When it was signed.
    pub signed_at: DateTime<Utc>,
}

impl From<audit_checkpoint::Model> for Checkpoint {
    fn from(row: audit_checkpoint::Model) -> Self {
        Self {
            position: row.position,
            hash: row.head_hash,
            public_key: row.public_key,
            signature: row.signature,
            signed_at: row.signed_at,
        }
    }
}

/// Signs the log's head inside `txn`, if events were recorded since the last checkpoint.
pub(crate) async fn sign_head(
    txn: &impl ConnectionTrait,
    key: &AuditKey,
    at: DateTime<Utc>,
) -> Result<()> {
    let Some(head) = audit_event::Entity::find()
        .order_by_desc(audit_event::Column::Id)
        .one(txn)
        .await?
    else {
        return Ok(());
    };
    let Some(position) = head.position else {
        return Ok(());
    };
    let latest = latest_checkpoint(txn).await?;
    if latest.is_some_and(|c| c.position >= position) {
        return Ok(());
    }
    audit_checkpoint::ActiveModel {
        position: Set(position),
        head_hash: Set(head.hash.clone()),
        public_key: Set(key.public_hex()),
        signature: Set(key.sign(position, &head.hash)),
        signed_at: Set(at),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    Ok(())
}

/// The most recent checkpoint, if any.
pub(crate) async fn latest_checkpoint(db: &impl ConnectionTrait) -> Result<Option<Checkpoint>> {
    Ok(audit_checkpoint::Entity::find()
        .order_by_desc(audit_checkpoint::Column::Position)
        .one(db)
        .await?
        .map(Checkpoint::from))
}

/// Checks every checkpoint against `key` and against the log: each must be signed by the key
/// and name the hash the event at its position has now. `hash_at` gives the current hash at a
/// position (`None` beyond the end of the log). The first failure, in words.
pub(crate) async fn check_checkpoints(
    db: &impl ConnectionTrait,
    key: &AuditPublicKey,
    hash_at: impl Fn(i64) -> Option<String>,
) -> Result<Option<String>> {
    let rows = audit_checkpoint::Entity::find()
        .order_by_asc(audit_checkpoint::Column::Position)
        .all(db)
        .await?;
    for row in rows {
        if !key.verifies(row.position, &row.head_hash, &row.signature) {
            return Ok(Some(format!(
                "checkpoint at position {} is not signed by the registry's key",
                row.position
            )));
        }
        match hash_at(row.position) {
            None => {
                return Ok(Some(format!(
                    "the log has fewer events than the signed checkpoint at position {} (events were removed)",
                    row.position
                )));
            }
            Some(hash) if hash != row.head_hash => {
                return Ok(Some(format!(
                    "the event at position {} no longer has the hash signed for it (the log was rewritten)",
                    row.position
                )));
            }
            Some(_) => {}
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_checkpoint_verifies_only_under_its_key_and_for_its_head() {
        let key = AuditKey::generate();
        let public = AuditPublicKey::of(&key);
        let signature = key.sign(7, "abc");
        assert!(public.verifies(7, "abc", &signature));
        assert!(!public.verifies(7, "abd", &signature));
        assert!(!public.verifies(8, "abc", &signature));
        let other = AuditPublicKey::of(&AuditKey::generate());
        assert!(!other.verifies(7, "abc", &signature));
        let again = AuditKey::parse_secret(&key.secret_hex()).expect("round trip");
        assert_eq!(again.public_hex(), key.public_hex());
        assert!(AuditPublicKey::parse(&key.public_hex()).is_ok());
        assert!(AuditPublicKey::parse("zz").is_err());
    }
}
