/**
 * Our own word lists for Freight aliases (`<adjective>-<animal>`): short, lower-case, ASCII,
 * neutral words, so every alias is a valid label value and reads well in a UI.
 */
export const ALIAS_ADJECTIVES: readonly string[] = [
  "agile", "amber", "bold", "brave", "breezy", "bright", "brisk", "calm", "candid", "cheery",
  "clever", "cosmic", "crisp", "curious", "dapper", "daring", "deft", "dizzy", "eager", "early",
  "earnest", "fancy", "fearless", "fluffy", "frosty", "gentle", "giddy", "glossy", "golden", "grand",
  "happy", "hardy", "humble", "jolly", "jumpy", "keen", "kind", "lively", "loyal", "lucky",
  "mellow", "merry", "mighty", "misty", "nimble", "noble", "peppy", "plucky", "polite", "proud",
  "quick", "quiet", "rapid", "ready", "rustic", "shiny", "silky", "snappy", "sunny", "swift",
  "tidy", "trusty", "upbeat", "vivid", "wise", "witty", "zesty", "zippy",
];

/** Animals for the second half of an alias. */
export const ALIAS_ANIMALS: readonly string[] = [
  "alpaca", "badger", "beaver", "bison", "bobcat", "camel", "caribou", "cheetah", "chipmunk", "condor",
  "coyote", "crane", "dingo", "dolphin", "donkey", "eagle", "egret", "falcon", "ferret", "finch",
  "gazelle", "gecko", "gibbon", "giraffe", "heron", "hippo", "ibex", "iguana", "impala", "jackal",
  "jaguar", "koala", "lemur", "leopard", "llama", "lynx", "magpie", "marmot", "meerkat", "mongoose",
  "moose", "narwhal", "ocelot", "otter", "owl", "panda", "pelican", "penguin", "puffin", "quail",
  "rabbit", "raccoon", "raven", "salmon", "seal", "sparrow", "squid", "stork", "tapir", "tiger",
  "toucan", "turtle", "walrus", "weasel", "whale", "wombat", "yak", "zebra",
];
