/** See transpileTestModules.mjs: test modules (.ts under test/) as JavaScript in test/.build/js/; their .js paths. */
export declare function transpileTestModules(sources: readonly URL[]): Promise<string[]>;
