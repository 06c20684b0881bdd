package org.rabbitmqjmh.broker;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * A file-system failure as one user could act on: what went wrong and with which path, without the
 * exception's class ({@code /x/results: Not a directory} becomes {@code Not a directory (/x/results)}).
 */
public final class FileProblems {

    private FileProblems() {}

    public static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            String what = f instanceof AccessDeniedException
                    ? "permission denied"
                    : f instanceof NoSuchFileException
                            ? "no such file or directory"
                            : f instanceof FileAlreadyExistsException
                                    ? "a file is in the way"
                                    : f.getReason() != null ? f.getReason() : "cannot be used";
            return what + " (" + f.getFile() + (f.getOtherFile() != null ? ", " + f.getOtherFile() : "") + ")";
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
