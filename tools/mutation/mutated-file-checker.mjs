// A Stryker checker: a mutant the TypeScript compiler rejects is a compile error, left out of the
// score and never run. Stryker's own TypeScript checker rebuilds the whole program for each
// mutant (about 7 s here, since nearly every file of lib/ shares an importer, so its groups hold
// one mutant each: 9 hours for 4,800 mutants). This one asks a TypeScript language service for
// the diagnostics of the mutated file alone, with the mutant applied: the program and every
// other file stay checked between mutants. What it does not see: an error a mutant causes only
// in another file (a changed exported type), which then runs and is counted like any mutant.
// Plain JavaScript: Stryker's main process imports its plugins without a TypeScript loader.
import { resolve } from 'node:path';
import { commonTokens, declareClassPlugin, PluginKind, tokens } from '@stryker-mutator/api/plugin';
import { CheckStatus } from '@stryker-mutator/api/check';
import ts from 'typescript';

class MutatedFileChecker {
  static inject = tokens(commonTokens.options);

  /** @param {{ tsconfigFile?: string }} options */
  constructor(options) {
    this.tsconfigFile = options.tsconfigFile ?? 'tsconfig.json';
    /** @type {Map<string, { text: string; version: number }>} */
    this.files = new Map();
    /** @type {Map<string, ts.SourceFile>} */
    this.originals = new Map();
  }

  async init() {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      this.tsconfigFile,
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    );
    if (!parsed) throw new Error(`cannot read ${this.tsconfigFile}`);
    const text = (fileName) => this.files.get(fileName)?.text ?? ts.sys.readFile(fileName);
    this.service = ts.createLanguageService(
      {
        getScriptFileNames: () => parsed.fileNames,
        getScriptVersion: (fileName) => String(this.files.get(fileName)?.version ?? 0),
        getScriptSnapshot: (fileName) => {
          const content = text(fileName);
          return content === undefined ? undefined : ts.ScriptSnapshot.fromString(content);
        },
        getCurrentDirectory: () => process.cwd(),
        getCompilationSettings: () => parsed.options,
        getDefaultLibFileName: (options) => ts.getDefaultLibFilePath(options),
        fileExists: ts.sys.fileExists,
        readFile: text,
        readDirectory: ts.sys.readDirectory,
        directoryExists: ts.sys.directoryExists,
        getDirectories: ts.sys.getDirectories,
      },
      ts.createDocumentRegistry(),
    );
    this.fileNames = new Set(parsed.fileNames.map((fileName) => resolve(fileName)));
  }

  /**
   * @typedef {{ line: number; column: number }} Position
   * @param {Array<{ id: string; fileName: string; replacement: string; location: { start: Position; end: Position } }>} mutants
   */
  async check(mutants) {
    /** @type {Record<string, { status: string; reason?: string }>} */
    const results = {};
    for (const mutant of mutants) {
      const fileName = resolve(mutant.fileName);
      const errors = this.fileNames.has(fileName) ? this.errorsOf(fileName, mutant) : [];
      results[mutant.id] =
        errors.length === 0
          ? { status: CheckStatus.Passed }
          : {
              status: CheckStatus.CompileError,
              reason: ts.formatDiagnostics(errors, {
                getCanonicalFileName: (name) => name,
                getCurrentDirectory: () => process.cwd(),
                getNewLine: () => '\n',
              }),
            };
    }
    return results;
  }

  errorsOf(fileName, mutant) {
    const original = this.original(fileName);
    const start = original.getPositionOfLineAndCharacter(mutant.location.start.line, mutant.location.start.column);
    const end = original.getPositionOfLineAndCharacter(mutant.location.end.line, mutant.location.end.column);
    const version = (this.files.get(fileName)?.version ?? 0) + 1;
    this.files.set(fileName, { text: original.text.slice(0, start) + mutant.replacement + original.text.slice(end), version });
    try {
      return [...this.service.getSyntacticDiagnostics(fileName), ...this.service.getSemanticDiagnostics(fileName)].filter(
        (diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error && !IGNORED.has(diagnostic.code),
      );
    } finally {
      this.files.set(fileName, { text: original.text, version: version + 1 });
    }
  }

  original(fileName) {
    let sourceFile = this.originals.get(fileName);
    if (!sourceFile) {
      sourceFile = ts.createSourceFile(fileName, ts.sys.readFile(fileName) ?? '', ts.ScriptTarget.Latest);
      this.originals.set(fileName, sourceFile);
    }
    return sourceFile;
  }
}

// What Stryker's TypeScript checker also lets pass: a mutant that leaves a local unused, a
// parameter unread or code unreachable still runs.
const IGNORED = new Set([6133, 6138, 6192, 6196, 6198, 6199, 6205, 7027]);

export const strykerPlugins = [declareClassPlugin(PluginKind.Checker, 'typescript-mutated-file', MutatedFileChecker)];
