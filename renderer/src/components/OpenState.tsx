/**
 * What a document or collection view shows while it opens, and when it could not be opened (the reason and
 * the way back to the library). `what` names the thing for the user: "document", "collection".
 */
export function OpenFailed({ what, error, onBack }: { what: string; error: string; onBack: () => void }) {
  return (
    <main className="document-missing">
      <div className="error-box" role="alert">
        <p>
          <strong>This {what} could not be opened.</strong> {error}
        </p>
        <button type="button" className="button" onClick={onBack}>
          Back to the library
        </button>
      </div>
    </main>
  );
}

export function Opening({ what }: { what: string }) {
  return (
    <main className="document-loading" role="status">
      Opening the {what}…
    </main>
  );
}
