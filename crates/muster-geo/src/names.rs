//! The name index of the gazetteer: folded names to entries, compact. A million names cost a
//! million small allocations and ~120 MB as a `HashMap<String, Vec<_>>`; here the names sit end to end
//! in one string and the table holds 12-byte slots (where the name is, and its one entry or where its
//! list of entries is), which builds faster and keeps look-ups in fewer cache lines.

use crate::gazetteer::EntryId;
use hashbrown::HashTable;

/// A slot's `ids` with this bit set is an index into `NameIndex::many`; without it, the one entry.
const MANY: u32 = 1 << 31;

#[derive(Clone, Copy)]
struct Slot {
    start: u32,
    len: u32,
    ids: u32,
}

/// Folded name → entries.
#[derive(Default)]
pub struct NameIndex {
    names: String,
    table: HashTable<Slot>,
    many: Vec<Vec<EntryId>>,
}

fn hash(key: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(key)
}

impl NameIndex {
    /// An index with room for `names` names of `bytes` bytes in all.
    pub fn with_capacity(names: usize, bytes: usize) -> NameIndex {
        NameIndex { names: String::with_capacity(bytes), table: HashTable::with_capacity(names), many: Vec::new() }
    }

    fn key_of<'a>(names: &'a str, s: &Slot) -> &'a str {
        &names[s.start as usize..(s.start + s.len) as usize]
    }

    /// Adds `id` under `key` (once).
    pub fn insert(&mut self, key: &str, id: EntryId) {
        use hashbrown::hash_table::Entry;
        assert!(id < MANY, "entry ids stay below 2^31");
        let h = hash(key);
        let (names, table) = (&mut self.names, &mut self.table);
        // one probe: the key's slot, or the place for it
        match table.entry(h, |s| Self::key_of(names, s) == key, |s| hash(Self::key_of(names, s))) {
            Entry::Occupied(mut o) => {
                let slot = o.get_mut();
                if slot.ids & MANY != 0 {
                    let list = &mut self.many[(slot.ids & !MANY) as usize];
                    if !list.contains(&id) {
                        list.push(id);
                    }
                } else if slot.ids != id {
                    self.many.push(vec![slot.ids, id]);
                    slot.ids = MANY | (self.many.len() - 1) as u32;
                }
            }
            Entry::Vacant(v) => {
                let start = u32::try_from(names.len()).expect("names fit in 4 GB");
                v.insert(Slot { start, len: key.len() as u32, ids: id });
                names.push_str(key);
            }
        }
    }

    fn ids_of<'a>(&'a self, s: &'a Slot) -> &'a [EntryId] {
        if s.ids & MANY != 0 {
            &self.many[(s.ids & !MANY) as usize]
        } else {
            std::slice::from_ref(&s.ids)
        }
    }

    /// The entries under `key` (none when it is no name).
    pub fn get(&self, key: &str) -> &[EntryId] {
        match self.table.find(hash(key), |s| Self::key_of(&self.names, s) == key) {
            Some(s) => self.ids_of(s),
            None => &[],
        }
    }

    /// The names whose length and entries pass `keep`, read without touching the names that do not (a
    /// name's bytes lie elsewhere in memory than its slot: reading every one costs a cache miss each).
    pub fn iter_where<'a>(&'a self, keep: impl Fn(usize, &[EntryId]) -> bool + 'a) -> impl Iterator<Item = (&'a str, &'a [EntryId])> + 'a {
        self.table.iter().filter(move |s| keep(s.len as usize, self.ids_of(s))).map(|s| (Self::key_of(&self.names, s), self.ids_of(s)))
    }

    /// The lists of names with more than one entry, to be put in order.
    pub fn lists_mut(&mut self) -> impl Iterator<Item = &mut Vec<EntryId>> {
        self.many.iter_mut()
    }

    /// How many names.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.table.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_their_entries_once_each_and_in_the_order_added() {
        let mut ix = NameIndex::with_capacity(4, 64);
        ix.insert("valuyki", 7);
        ix.insert("kursk", 1);
        ix.insert("kursk", 2);
        ix.insert("kursk", 1);
        ix.insert("kursk", 9);
        ix.insert("yelnya", 3);
        ix.insert("yelnya", 3);
        assert_eq!(ix.get("valuyki"), &[7]);
        assert_eq!(ix.get("kursk"), &[1, 2, 9]);
        assert_eq!(ix.get("yelnya"), &[3]);
        assert_eq!(ix.get("kurs"), &[] as &[EntryId]);
        assert_eq!(ix.get(""), &[] as &[EntryId]);
        assert_eq!(ix.len(), 3);
        let mut all: Vec<(String, Vec<EntryId>)> = ix.iter_where(|_, _| true).map(|(k, v)| (k.to_string(), v.to_vec())).collect();
        all.sort();
        assert_eq!(all, vec![("kursk".into(), vec![1, 2, 9]), ("valuyki".into(), vec![7]), ("yelnya".into(), vec![3])]);
    }

    #[test]
    fn the_table_grows_past_its_first_capacity() {
        let mut ix = NameIndex::with_capacity(1, 1);
        for i in 0..10_000u32 {
            ix.insert(&format!("place {i}"), i);
        }
        for i in (0..10_000u32).step_by(97) {
            assert_eq!(ix.get(&format!("place {i}")), &[i]);
        }
        assert_eq!(ix.len(), 10_000);
    }
}
