/**
 * Types of the few `natural` modules imported one by one. Importing the package's index loads
 * every module of the library (about 1.5 s on this machine); the NLU needs two stemmers and a
 * tokenizer, which load in milliseconds.
 */
declare module 'natural/lib/natural/stemmers/porter_stemmer_fr.js' {
  const stemmer: { stem(token: string): string };
  export default stemmer;
}

declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const stemmer: { stem(token: string): string };
  export default stemmer;
}

declare module 'natural/lib/natural/tokenizers/aggressive_tokenizer_fr.js' {
  class AggressiveTokenizerFr {
    tokenize(text: string): string[];
  }
  export default AggressiveTokenizerFr;
}
